import { useCallback } from 'react';
import { Link } from 'react-router';
import { portalPageSchema, type PortalPageSlug } from '../../shared/portal-content/portal-pages.ts';
import { Notice } from '../../ui/Notice.tsx';
import { SimpleText } from '../../ui/SimpleText.tsx';
import { portalCall } from '../portal-client.ts';
import { useLoad } from '../use-load.ts';

/** The FAQ or the service schema, as the desk's leads wrote them: readable without signing in. */
export const InfoPage = ({ slug, standalone = false }: { slug: PortalPageSlug; standalone?: boolean }) => {
  const { data, error } = useLoad(useCallback(() => portalCall('GET', `/pages/${slug}`, portalPageSchema), [slug]));
  const body = (
    <article aria-label={data?.title ?? 'Pagina'}>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {data ? <SimpleText source={data.body} columns={slug === 'schema'} /> : <p className="muted">Caricamento…</p>}
    </article>
  );
  if (!standalone) return body;
  return (
    <main className="portal-narrow">
      {body}
      <p>
        <Link to="/">Accedi al portale clienti</Link>
        {slug === 'faq' ? (
          <>
            {' · '}
            <Link to="/cosa-e-incluso">Cosa è incluso</Link>
          </>
        ) : (
          <>
            {' · '}
            <Link to="/faq">Domande frequenti</Link>
          </>
        )}
      </p>
    </main>
  );
};
