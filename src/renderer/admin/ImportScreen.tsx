import { useState, type ChangeEvent } from 'react';
import {
  importColumns,
  importKindLabels,
  importKinds,
  importTemplateCsv,
  importTemplateFileName,
  type ImportKind,
} from '../../shared/import/import-kinds.ts';
import { importFileMaxBytes } from '../../shared/import/import-api.ts';
import {
  importSummaryLine,
  type ImportProgress,
  type ImportReport,
} from '../../shared/import/import-report.ts';
import { Notice } from '../../ui/Notice.tsx';
import { useHostAction, useHostEvent } from '../host/use-host.ts';
import { downloadText, fileAsBase64 } from './file-bytes.ts';

type Chosen = { fileName: string; content: string; bytes: number };

const phaseLabels = {
  reading: 'Lettura del file',
  checking: 'Controllo delle righe',
  writing: 'Scrittura',
  done: 'Fatto',
} as const satisfies Record<ImportProgress['phase'], string>;

/**
 * «Importa»: the switch-over's customer base, for admins. Choose what the file holds, check it
 * (a dry run: nothing is written, every problem listed), then import it all or nothing. The API
 * does the work with the same engine as `npm run server -- --import`.
 */
export const ImportScreen = () => {
  const [kind, setKind] = useState<ImportKind>('clienti');
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const action = useHostAction('admin.import');
  useHostEvent('import.progress', (event) => {
    if (action.pending && event.fileName === chosen?.fileName) setProgress(event);
  });

  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    setReport(null);
    setProgress(null);
    action.setError(null);
    setReadError(null);
    setChosen(null);
    if (!file) return;
    if (file.size > importFileMaxBytes) {
      setReadError('Il file supera i 20 MB: dividilo in più file.');
      return;
    }
    setChosen({ fileName: file.name, content: await fileAsBase64(file), bytes: file.size });
  };
  const run = async (dryRun: boolean) => {
    if (!chosen) return;
    setProgress(null);
    const result = await action.run({ kind, fileName: chosen.fileName, content: chosen.content, dryRun });
    setProgress(null);
    setReport(result.ok ? result.value : null);
  };
  const canImport = report !== null && report.dryRun && report.refused === 0 && !action.pending;

  return (
    <main className="lead-screen" aria-labelledby="import-title">
      <header className="panel-header">
        <h2 id="import-title">Importa</h2>
      </header>
      <section className="card" aria-labelledby="import-what">
        <h3 id="import-what">1. Cosa contiene il file</h3>
        <div className="choice-row" role="radiogroup" aria-label="Tipo di file">
          {importKinds.map((value) => (
            <label key={value}>
              <input
                type="radio"
                name="import-kind"
                value={value}
                checked={kind === value}
                onChange={() => {
                  setKind(value);
                  setReport(null);
                }}
              />{' '}
              {importKindLabels[value]}
            </label>
          ))}
        </div>
        <p className="muted">
          Colonne: {importColumns[kind].join(', ')}. CSV con punto e virgola o virgola (anche come lo salva
          Excel), oppure XLSX; date gg/mm/aaaa, decimali con la virgola.
        </p>
        <button
          type="button"
          onClick={() =>
            downloadText(importTemplateFileName(kind), importTemplateCsv(kind), 'text/csv;charset=utf-8')
          }
        >
          Scarica il modello ({importTemplateFileName(kind)})
        </button>
      </section>
      <section className="card" aria-labelledby="import-file">
        <h3 id="import-file">2. Il file</h3>
        <label className="field">
          File da importare
          <input
            type="file"
            accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(event) => void choose(event)}
          />
        </label>
        {readError ? <Notice tone="error">{readError}</Notice> : null}
        <div className="choice-row">
          <button type="button" disabled={!chosen || action.pending} onClick={() => void run(true)}>
            Verifica senza importare
          </button>
          <button type="button" className="primary" disabled={!canImport} onClick={() => void run(false)}>
            {report && report.dryRun && report.refused === 0
              ? `Importa ${report.created + report.updated} righe`
              : 'Importa'}
          </button>
        </div>
        {action.pending ? <ImportProgressBar progress={progress} /> : null}
        {action.error ? <Notice tone="error">{action.error}</Notice> : null}
      </section>
      {report ? <ImportReportView report={report} /> : null}
    </main>
  );
};

const ImportProgressBar = ({ progress }: { progress: ImportProgress | null }) => {
  const writing = progress?.phase === 'writing' && progress.total > 0;
  return (
    <div className="import-progress">
      <label>
        {progress ? phaseLabels[progress.phase] : 'Invio del file'}
        {writing ? ` · ${progress.done} di ${progress.total} righe` : ''}
        <progress
          aria-label="Avanzamento dell’import"
          max={writing ? progress.total : undefined}
          value={writing ? progress.done : undefined}
        />
      </label>
    </div>
  );
};

const ImportReportView = ({ report }: { report: ImportReport }) => (
  <section className="card" aria-labelledby="import-result">
    <h3 id="import-result">
      {report.dryRun
        ? '3. Anteprima (nulla è stato scritto)'
        : report.written
          ? 'Importato'
          : 'Non importato'}
    </h3>
    <p>{importSummaryLine(report)}</p>
    {report.refused > 0 ? (
      <Notice tone="error">
        {report.refused === 1 ? 'Una riga è rifiutata' : `${report.refused} righe sono rifiutate`}: correggi
        il file e verificalo di nuovo. Finché una riga è rifiutata non si importa nulla.
      </Notice>
    ) : report.written ? (
      <Notice tone="info">Importato: le postazioni ricevono i dati alla prossima sincronizzazione.</Notice>
    ) : (
      <Notice tone="info">Nessun problema: puoi importare.</Notice>
    )}
    {report.ignoredColumns.length > 0 ? (
      <p className="muted">Colonne ignorate: {report.ignoredColumns.join(', ')}.</p>
    ) : null}
    {report.problems.length > 0 ? (
      <table aria-label="Righe rifiutate">
        <thead>
          <tr>
            <th>Riga</th>
            <th>Colonna</th>
            <th>Problema</th>
          </tr>
        </thead>
        <tbody>
          {report.problems.map((problem) => (
            <tr key={`${problem.line}:${problem.column}:${problem.reason}`}>
              <td>{problem.line}</td>
              <td>{problem.column}</td>
              <td>{problem.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    ) : null}
    {report.changes.length > 0 ? (
      <details open={report.changes.length <= 20}>
        <summary>{report.dryRun ? 'Cosa cambierebbe' : 'Cosa è cambiato'}</summary>
        <ul aria-label="Modifiche">
          {report.changes.map((change) => (
            <li key={change}>{change}</li>
          ))}
        </ul>
      </details>
    ) : null}
  </section>
);
