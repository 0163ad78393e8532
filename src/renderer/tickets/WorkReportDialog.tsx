import { useMemo, useRef, useState, type PointerEvent } from 'react';
import { formatDateTime, formatDay, formatEuroCents, formatMinutes } from '../../shared/format.ts';
import type { TicketDetail } from '../../shared/model/ticket.schema.ts';
import { composeWorkReport, type WorkReport, type WorkReportContent, type WorkReportSignature } from '../../shared/work-report/work-report.ts';
import { Notice } from '../../ui/Notice.tsx';
import { usePolicyVersions } from '../billing/policy.store.ts';
import { useSupportCalendar } from '../calendar/calendar.store.ts';
import { useHostAction } from '../host/use-host.ts';
import { saveFile } from '../reports/save-file.ts';
import { useSyncStore } from '../sync/sync.store.ts';
import { Dialog } from '../ui/Dialog.tsx';

const padWidth = 1000;
const padHeight = 400;
type Stroke = Array<[number, number]>;

/**
 * Where the customer signs: mouse, finger or pen (pointer events), drawn in the pad's own units
 * so the strokes mean the same at any screen size. The typed name beside it is the signature's
 * words (and the way to sign for someone who cannot draw).
 */
const SignaturePad = ({ strokes, onChange }: { strokes: Stroke[]; onChange: (strokes: Stroke[], png: string) => void }) => {
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef<Stroke | null>(null);
  const pointOf = (event: PointerEvent<HTMLCanvasElement>): [number, number] => {
    const box = event.currentTarget.getBoundingClientRect();
    const clamp = (value: number, max: number) => Math.round(Math.min(max, Math.max(0, value)) * 10) / 10;
    return [clamp(((event.clientX - box.left) / box.width) * padWidth, padWidth), clamp(((event.clientY - box.top) / box.height) * padHeight, padHeight)];
  };
  const paint = (all: Stroke[]) => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, padWidth, padHeight);
    context.strokeStyle = '#10243e';
    context.lineWidth = 4;
    context.lineCap = 'round';
    context.lineJoin = 'round';
    for (const stroke of all) {
      context.beginPath();
      stroke.forEach(([x, y], index) => (index === 0 ? context.moveTo(x, y) : context.lineTo(x, y)));
      if (stroke.length === 1 && stroke[0]) context.lineTo(stroke[0][0] + 0.5, stroke[0][1] + 0.5);
      context.stroke();
    }
  };
  const finish = (all: Stroke[]) => {
    paint(all);
    onChange(all, canvas.current?.toDataURL('image/png').replace(/^data:image\/png;base64,/, '') ?? '');
  };
  return (
    <div className="signature-pad">
      <canvas
        ref={canvas}
        width={padWidth}
        height={padHeight}
        role="img"
        aria-label="Riquadro per la firma del cliente"
        onPointerDown={(event) => {
          event.currentTarget.setPointerCapture(event.pointerId);
          drawing.current = [pointOf(event)];
          paint([...strokes, drawing.current]);
        }}
        onPointerMove={(event) => {
          if (!drawing.current || drawing.current.length >= 2000) return;
          drawing.current.push(pointOf(event));
          paint([...strokes, drawing.current]);
        }}
        onPointerUp={() => {
          if (!drawing.current) return;
          const all = [...strokes, drawing.current].slice(0, 200);
          drawing.current = null;
          finish(all);
        }}
      />
      <button type="button" onClick={() => finish([])} disabled={strokes.length === 0}>
        Cancella la firma
      </button>
    </div>
  );
};

/** The report as the customer reads it on the laptop, before and after signing. */
export const WorkReportPreview = ({ content }: { content: WorkReportContent }) => (
  <section className="work-report-preview" aria-label="Rapportino">
    <p>
      <strong>{content.customer.name}</strong> ({content.customer.code}) · {content.customer.site ?? 'sede non indicata'}
      <br />
      {content.ticket.number} · {content.ticket.subject} · {content.technician.name} · {formatDay(content.day)}
    </p>
    <ul className="plain-list">
      {content.interventions.map((item) => (
        <li key={item.id}>
          <strong>
            {item.activity} · {item.mode}
          </strong>
          <div>{item.segments.map((segment) => `${formatDateTime(segment.startedAt)} – ${segment.endedAt ? formatDateTime(segment.endedAt) : 'in corso'}`).join('; ')}</div>
          <div>
            Lavorato {formatMinutes(item.workedMinutes)}, fatturato {formatMinutes(item.billedMinutes)} · {item.classification}
            {item.reasons.length > 0 ? ` (${item.reasons.join(' ')})` : ''}
            {item.grossCents !== 0 ? ` · ${formatEuroCents(item.grossCents)} IVA inclusa` : ''}
          </div>
          {item.notes ? <div>Attività: {item.notes}</div> : null}
        </li>
      ))}
    </ul>
    <p>
      Totale: lavorato {formatMinutes(content.totals.workedMinutes)}, fatturato {formatMinutes(content.totals.billedMinutes)},{' '}
      {content.totals.grossCents === 0 ? 'nessun addebito' : `${formatEuroCents(content.totals.grossCents)} IVA inclusa`}
    </p>
    {content.partsUsed ? <p>Materiali e ricambi: {content.partsUsed}</p> : null}
    {content.notes ? <p>Note: {content.notes}</p> : null}
    {content.nextSteps ? <p>Prossimi passi: {content.nextSteps}</p> : null}
    <p className="muted">{content.provisionalNotice}</p>
  </section>
);

/** Downloads a stored report's PDF, made on this laptop from the stored report (offline too). */
export const useWorkReportPdf = () => {
  const pdf = useHostAction('workReports.pdf');
  return {
    error: pdf.error,
    open: async (id: string) => {
      const result = await pdf.run({ id });
      if (result.ok) saveFile({ fileName: result.value.fileName, mimeType: 'application/pdf', base64: result.value.dataBase64 });
    },
  };
};

/**
 * «Rapportino d'intervento»: the on-site work of this ticket, composed now, read and signed by the
 * customer on this laptop (or their refusal recorded), stored immutably with its fingerprint and
 * sent at the next sync. A report after a signed one is a new version.
 */
export const WorkReportDialog = ({ ticket, open, onClose, onRecorded }: { ticket: TicketDetail; open: boolean; onClose: () => void; onRecorded: () => void }) => (
  <Dialog title="Rapportino d’intervento" open={open} onClose={onClose}>
    <WorkReportForm ticket={ticket} onClose={onClose} onRecorded={onRecorded} />
  </Dialog>
);

const WorkReportForm = ({ ticket, onClose, onRecorded }: { ticket: TicketDetail; onClose: () => void; onRecorded: () => void }) => {
  const user = useSyncStore((state) => state.status?.user ?? null);
  const calendar = useSupportCalendar();
  const policies = usePolicyVersions();
  const onSite = ticket.interventions.filter((intervention) => intervention.mode === 'on_site' && intervention.status === 'stopped');
  const latest: WorkReport | null = ticket.workReports.at(-1) ?? null;
  const [chosen, setChosen] = useState<string[]>(onSite.map((intervention) => intervention.id));
  const [extras, setExtras] = useState({ partsUsed: '', notes: '', nextSteps: '' });
  const [now] = useState(() => new Date());
  const [declined, setDeclined] = useState(false);
  const [reason, setReason] = useState('');
  const [signer, setSigner] = useState('');
  const [strokes, setStrokes] = useState<Stroke[]>([]);
  const [png, setPng] = useState('');
  const [recorded, setRecorded] = useState<{ id: string; version: number; contentHash: string; content: WorkReportContent } | null>(null);
  const record = useHostAction('workReports.record');
  const pdf = useWorkReportPdf();
  const content = useMemo(
    () => (user && chosen.length > 0 ? composeWorkReport({ ticket, interventionIds: chosen, technician: { id: user.id, name: user.displayName }, extras, now, calendar, policies }) : null),
    [ticket, chosen, user, extras, now, calendar, policies],
  );
  if (onSite.length === 0) return <p>Nessun intervento presso il cliente concluso su questo ticket.</p>;
  if (recorded)
    return (
      <div>
        <Notice tone="info">
          Rapportino registrato (versione {recorded.version}): parte alla prossima sincronizzazione. Impronta <code>{recorded.contentHash.slice(0, 16)}…</code>
        </Notice>
        <WorkReportPreview content={recorded.content} />
        <div className="actions">
          <button type="button" className="primary" onClick={() => void pdf.open(recorded.id)}>
            Apri il PDF
          </button>
          <button type="button" onClick={onClose}>
            Chiudi
          </button>
        </div>
        {pdf.error ? <Notice tone="error">{pdf.error}</Notice> : null}
      </div>
    );
  const submit = async () => {
    if (!content) return;
    const at = new Date().toISOString();
    const signature: WorkReportSignature = declined ? { kind: 'declined', reason, recordedAt: at } : { kind: 'signed', signerName: signer, strokes, imagePng: png, signedAt: at };
    const result = await record.run({ ticketId: ticket.id, supersedes: latest?.id ?? null, content, signature });
    if (result.ok) {
      setRecorded({ ...result.value, content });
      onRecorded();
    }
  };
  return (
    <form
      aria-label="Rapportino d’intervento"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      {latest ? <Notice tone="info">Esiste già la versione {latest.version}: firmando se ne crea una nuova, quella firmata resta com’era.</Notice> : null}
      <fieldset>
        <legend>Interventi nel rapportino</legend>
        {onSite.map((intervention) => (
          <label key={intervention.id} className="radio">
            <input
              type="checkbox"
              checked={chosen.includes(intervention.id)}
              onChange={(event) => setChosen(event.target.checked ? [...chosen, intervention.id] : chosen.filter((id) => id !== intervention.id))}
            />
            {formatDateTime(intervention.startedAt)} · {intervention.activity}
          </label>
        ))}
      </fieldset>
      <label className="field">
        <span className="field-label">Materiali e ricambi usati</span>
        <textarea rows={2} maxLength={2000} value={extras.partsUsed} onChange={(event) => setExtras({ ...extras, partsUsed: event.target.value })} />
      </label>
      <label className="field">
        <span className="field-label">Note per il cliente</span>
        <textarea rows={2} maxLength={4000} value={extras.notes} onChange={(event) => setExtras({ ...extras, notes: event.target.value })} />
      </label>
      <label className="field">
        <span className="field-label">Prossimi passi</span>
        <textarea rows={2} maxLength={2000} value={extras.nextSteps} onChange={(event) => setExtras({ ...extras, nextSteps: event.target.value })} />
      </label>
      {content ? <WorkReportPreview content={content} /> : <Notice tone="error">Scegli almeno un intervento.</Notice>}
      {!ticket.customer.email ? (
        <Notice tone="error">Il cliente non ha un indirizzo e-mail: chiedilo ora e aggiungilo all’anagrafica, altrimenti il rapportino non gli arriverà per posta (resterà sul portale).</Notice>
      ) : null}
      <label className="portal-check">
        <input type="checkbox" checked={declined} onChange={(event) => setDeclined(event.target.checked)} /> Il cliente non firma
      </label>
      {declined ? (
        <label className="field">
          <span className="field-label">Perché il cliente non firma</span>
          <input value={reason} maxLength={300} onChange={(event) => setReason(event.target.value)} />
        </label>
      ) : (
        <>
          <p className="field-label">Firma del cliente</p>
          <SignaturePad
            strokes={strokes}
            onChange={(next, image) => {
              setStrokes(next);
              setPng(image);
            }}
          />
          <label className="field">
            <span className="field-label">Nome di chi firma</span>
            <input value={signer} maxLength={120} autoComplete="off" onChange={(event) => setSigner(event.target.value)} />
          </label>
        </>
      )}
      {record.error ? <Notice tone="error">{record.error}</Notice> : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={!content || record.pending || (declined ? reason.trim().length < 3 : strokes.length === 0 || signer.trim().length < 2)}>
          {declined ? 'Registra il rifiuto' : 'Firma e registra'}
        </button>
        <button type="button" onClick={onClose}>
          Annulla
        </button>
      </div>
    </form>
  );
};
