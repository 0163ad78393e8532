/**
 * The portal pages' text format, plain text with simple formatting a lead types in the console:
 * `# ` a title, `## ` a section, `- ` a list item, a blank line between paragraphs, `**bold**`.
 * It is parsed into blocks the portal renders as React elements, never as HTML: nothing a lead
 * (or an attacker with a lead's account) types can become markup or script.
 */
export type Inline = { text: string; bold: boolean };
export type Block =
  | { kind: 'title'; inline: Inline[] }
  | { kind: 'section'; inline: Inline[] }
  | { kind: 'paragraph'; inline: Inline[] }
  | { kind: 'list'; items: Inline[][] };

export const parseInline = (text: string): Inline[] =>
  text
    .split(/(\*\*[^*]+\*\*)/)
    .filter((part) => part !== '')
    .map((part) => (part.startsWith('**') && part.endsWith('**') && part.length > 4 ? { text: part.slice(2, -2), bold: true } : { text: part, bold: false }));

export const parseSimpleText = (source: string): Block[] => {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', inline: parseInline(paragraph.join(' ')) });
    paragraph = [];
  };
  for (const raw of source.replaceAll('\r\n', '\n').split('\n')) {
    const line = raw.trim();
    if (line === '') {
      flush();
      continue;
    }
    if (line.startsWith('## ')) {
      flush();
      blocks.push({ kind: 'section', inline: parseInline(line.slice(3).trim()) });
    } else if (line.startsWith('# ')) {
      flush();
      blocks.push({ kind: 'title', inline: parseInline(line.slice(2).trim()) });
    } else if (/^[-•*] /.test(line)) {
      flush();
      const last = blocks.at(-1);
      const item = parseInline(line.slice(2).trim());
      if (last?.kind === 'list') last.items.push(item);
      else blocks.push({ kind: 'list', items: [item] });
    } else paragraph.push(line);
  }
  flush();
  return blocks;
};

/** Blocks split at each section: the service schema shows its sections side by side (included, value-added). */
export const sectionsOf = (blocks: readonly Block[]): Array<{ heading: Block | null; blocks: Block[] }> => {
  const sections: Array<{ heading: Block | null; blocks: Block[] }> = [{ heading: null, blocks: [] }];
  for (const block of blocks) {
    if (block.kind === 'section') sections.push({ heading: block, blocks: [] });
    else sections.at(-1)?.blocks.push(block);
  }
  return sections.filter((section) => section.heading !== null || section.blocks.length > 0);
};
