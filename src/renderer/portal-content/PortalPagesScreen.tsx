import { useEffect, useState } from 'react';
import { portalPageLabels, portalPageMaxLength, type PortalPage } from '../../shared/portal-content/portal-pages.ts';
import { formatDateTime } from '../../shared/format.ts';
import { Notice } from '../../ui/Notice.tsx';
import { SimpleText } from '../../ui/SimpleText.tsx';
import { useHostAction, useHostQuery } from '../host/use-host.ts';

/** One page's editor with its preview as the customer will read it. */
const PageEditor = ({ page, onSaved }: { page: PortalPage; onSaved: () => void }) => {
  const [title, setTitle] = useState(page.title);
  const [body, setBody] = useState(page.body);
  const [saved, setSaved] = useState(false);
  const save = useHostAction('portal.setPage');
  useEffect(() => {
    setTitle(page.title);
    setBody(page.body);
  }, [page.title, page.body]);
  const changed = title !== page.title || body !== page.body;
  return (
    <section aria-labelledby={`page-${page.slug}`} className="card">
      <h3 id={`page-${page.slug}`}>{portalPageLabels[page.slug]}</h3>
      <p className="muted">{page.updatedAt ? `Ultima modifica ${formatDateTime(page.updatedAt)}` : 'Testo predefinito: non ancora modificato.'}</p>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          const result = await save.run({ slug: page.slug, title, body });
          setSaved(result.ok);
          if (result.ok) onSaved();
        }}
      >
        <label className="field">
          <span className="field-label">Titolo</span>
          <input value={title} maxLength={120} onChange={(event) => (setTitle(event.target.value), setSaved(false))} />
        </label>
        <label className="field">
          <span className="field-label">Testo di «{portalPageLabels[page.slug]}»</span>
          <textarea rows={16} value={body} maxLength={portalPageMaxLength} onChange={(event) => (setBody(event.target.value), setSaved(false))} aria-describedby={`format-${page.slug}`} />
        </label>
        <p id={`format-${page.slug}`} className="muted">
          «# » titolo, «## » sezione{page.slug === 'schema' ? ' (ogni sezione è una colonna)' : ''}, «- » elenco, **grassetto**, una riga vuota tra i paragrafi.
        </p>
        <button type="submit" className="primary" disabled={!changed || save.pending}>
          Pubblica
        </button>
        {save.error ? <Notice tone="error">{save.error}</Notice> : null}
        {saved ? <Notice tone="info">Pubblicata: i clienti la leggono già sul portale.</Notice> : null}
      </form>
      <details>
        <summary>Anteprima</summary>
        <SimpleText source={body} columns={page.slug === 'schema'} level={3} />
      </details>
    </section>
  );
};

/** «Pagine del portale»: the FAQ and the service schema customers read, and the reopening rule, for leads. */
export const PortalPagesScreen = () => {
  const content = useHostQuery('portal.content', {});
  const setSettings = useHostAction('portal.setSettings');
  const [days, setDays] = useState('');
  const [savedDays, setSavedDays] = useState(false);
  useEffect(() => {
    if (content.data) setDays(String(content.data.settings.reopenWithinDays));
  }, [content.data]);
  return (
    <main className="panel" aria-labelledby="portal-pages-title">
      <h2 id="portal-pages-title">Pagine del portale</h2>
      {content.error ? <Notice tone="error">{content.error}</Notice> : null}
      {content.data ? (
        <>
          <form
            className="card"
            aria-label="Riapertura delle richieste"
            onSubmit={async (event) => {
              event.preventDefault();
              const result = await setSettings.run({ reopenWithinDays: Number(days) });
              setSavedDays(result.ok);
            }}
          >
            <label className="field">
              <span className="field-label">Un messaggio del cliente riapre la richiesta chiusa da non più di (giorni)</span>
              <input type="number" min={0} max={365} required value={days} onChange={(event) => (setDays(event.target.value), setSavedDays(false))} />
            </label>
            <p className="muted">Dopo, il messaggio apre una nuova richiesta collegata a quella chiusa.</p>
            <button type="submit" disabled={setSettings.pending}>
              Salva la regola
            </button>
            {setSettings.error ? <Notice tone="error">{setSettings.error}</Notice> : null}
            {savedDays ? <Notice tone="info">Regola salvata.</Notice> : null}
          </form>
          {content.data.pages.map((page) => (
            <PageEditor key={page.slug} page={page} onSaved={content.reload} />
          ))}
        </>
      ) : null}
    </main>
  );
};
