import { describe, expect, it } from 'vitest';
import { defaultPortalPages } from './portal-pages.ts';
import { parseSimpleText, sectionsOf } from './simple-text.ts';

describe('the portal pages’ simple text', () => {
  it('reads titles, sections, lists, paragraphs and bold, and nothing else', () => {
    expect(parseSimpleText('# Titolo\n\n## Sezione\nRiga uno\nriga **due**\n\n- primo\n- <script>alert(1)</script>\n')).toEqual([
      { kind: 'title', inline: [{ text: 'Titolo', bold: false }] },
      { kind: 'section', inline: [{ text: 'Sezione', bold: false }] },
      { kind: 'paragraph', inline: [{ text: 'Riga uno riga ', bold: false }, { text: 'due', bold: true }] },
      { kind: 'list', items: [[{ text: 'primo', bold: false }], [{ text: '<script>alert(1)</script>', bold: false }]] },
    ]);
  });

  it('the service schema has its two columns: included and value-added', () => {
    const sections = sectionsOf(parseSimpleText(defaultPortalPages.schema.body));
    expect(sections.filter((section) => section.heading).map((section) => section.heading?.kind === 'section' && section.heading.inline[0]?.text)).toEqual([
      'Supporto di base incluso',
      'Supporto personalizzato a valore aggiunto',
    ]);
  });
});
