import { useState } from 'react';
import { auditActionLabel, describeAuditChange, type AuditEntry, type AuditTrailRequest } from '../../shared/review/audit.ts';
import { formatDateTime } from '../../shared/format.ts';
import { hostApi } from '../host/host-context.ts';
import { Notice } from '../../ui/Notice.tsx';

/** «Storico modifiche» of a record, read from the central API when opened (it is not kept locally). */
export const AuditTrail = ({ record }: { record: AuditTrailRequest }) => {
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [userNames, setUserNames] = useState<ReadonlyMap<string, string>>(new Map());
  const load = async () => {
    const [result, team] = await Promise.all([hostApi().invoke('review.audit', record), hostApi().invoke('users.list', {})]);
    if (team.ok) setUserNames(new Map(team.value.map((member) => [member.id, member.displayName])));
    if (result.ok) {
      setEntries(result.value.entries);
      setError(null);
    } else {
      setError(result.error.message);
    }
  };
  return (
    <details className="audit-trail" onToggle={(event) => event.currentTarget.open && void load()}>
      <summary>Storico modifiche</summary>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {entries && entries.length === 0 ? <p className="muted">Nessuna modifica registrata.</p> : null}
      {entries && entries.length > 0 ? (
        <ol className="plain-list" aria-label="Storico modifiche">
          {entries.map((entry) => (
            <li key={entry.id}>
              <strong>{auditActionLabel(entry.action)}</strong> · {formatDateTime(entry.at)} · {entry.actorName ?? 'API centrale'}
              {entry.reason ? <div>Motivo: {entry.reason}</div> : null}
              {describeAuditChange(entry.before, entry.after, userNames).map((line) => (
                <div key={line} className="muted">
                  {line}
                </div>
              ))}
            </li>
          ))}
        </ol>
      ) : null}
    </details>
  );
};
