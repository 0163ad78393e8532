import { Fragment } from 'react';
import { parseSimpleText, sectionsOf, type Block, type Inline } from '../shared/portal-content/simple-text.ts';

const InlineText = ({ parts }: { parts: Inline[] }) => (
  <>
    {parts.map((part, index) => (part.bold ? <strong key={index}>{part.text}</strong> : <Fragment key={index}>{part.text}</Fragment>))}
  </>
);

const BlockView = ({ block, level }: { block: Block; level: 2 | 3 }) => {
  switch (block.kind) {
    case 'title':
      return level === 2 ? <h2><InlineText parts={block.inline} /></h2> : <h3><InlineText parts={block.inline} /></h3>;
    case 'section':
      return level === 2 ? <h3><InlineText parts={block.inline} /></h3> : <h4><InlineText parts={block.inline} /></h4>;
    case 'paragraph':
      return (
        <p>
          <InlineText parts={block.inline} />
        </p>
      );
    case 'list':
      return (
        <ul>
          {block.items.map((item, index) => (
            <li key={index}>
              <InlineText parts={item} />
            </li>
          ))}
        </ul>
      );
  }
};

/**
 * A portal page's text (`shared/portal-content/simple-text.ts`) as React elements, never as HTML.
 * `columns`: each section side by side on a wide screen (the service schema's two columns).
 */
export const SimpleText = ({ source, columns = false, level = 2 }: { source: string; columns?: boolean; level?: 2 | 3 }) => {
  const blocks = parseSimpleText(source);
  if (!columns)
    return (
      <div className="simple-text">
        {blocks.map((block, index) => (
          <BlockView key={index} block={block} level={level} />
        ))}
      </div>
    );
  const sections = sectionsOf(blocks);
  return (
    <div className="simple-text">
      {sections
        .filter((section) => section.heading === null)
        .flatMap((section) => section.blocks)
        .map((block, index) => (
          <BlockView key={`intro-${index}`} block={block} level={level} />
        ))}
      <div className="simple-text-columns">
        {sections
          .filter((section) => section.heading !== null)
          .map((section, index) => (
            <section key={index} className="card">
              {section.heading ? <BlockView block={section.heading} level={level} /> : null}
              {section.blocks.map((block, inner) => (
                <BlockView key={inner} block={block} level={level} />
              ))}
            </section>
          ))}
      </div>
    </div>
  );
};
