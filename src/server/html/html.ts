/** Markup that is already safe (built by `html`), as opposed to text that must be escaped. */
export type SafeHtml = { readonly markup: string };

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replaceAll(/[&<>"']/g, (char) => escapes[char] ?? char);

type Interpolation = string | number | SafeHtml | null | undefined | false | readonly Interpolation[];

const render = (value: Interpolation): string => {
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map((item: Interpolation) => render(item)).join('');
  if (typeof value === 'object' && 'markup' in value) return value.markup;
  return escapeHtml(String(value));
};

/** A template literal whose interpolations are escaped unless they are themselves `html`. */
export const html = (strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml => ({
  markup: strings.reduce((out, part, index) => out + part + (index < values.length ? render(values[index]) : ''), ''),
});

/** The frame every mail and the feedback pages share: readable in any client, no external resources. */
export const mailDocument = (title: string, body: SafeHtml): string =>
  html`<!doctype html>
<html lang="it"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>
<body style="font-family: Arial, Helvetica, sans-serif; color: #1f2933; line-height: 1.45; max-width: 42rem; margin: 0 auto; padding: 1rem;">
${body}
<p style="color: #52606d; font-size: 0.85rem; margin-top: 2rem;">Leotron · Servizio assistenza clienti</p>
</body></html>`.markup;
