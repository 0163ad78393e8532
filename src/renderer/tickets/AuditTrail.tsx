import { useState } from 'react';
import { auditActionLabel, describeAuditChange, type AuditEntry, type AuditTrailRequest } from '../../shared/review/audit.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useHostQuery } from '../host/use-host.ts';
import { Notice } from '../../ui/Notice.tsx';

/** «Storico modifiche» of a record, read from the central API when opened (it is not kept locally). */
export const AuditTrail = ({ record }: { record: AuditTrailRequest }) => {
  // Read when opened (and again at each opening): the API keeps it, the console does not.
  const [opened, setOpened] = useState(0);
  const trail = useHostQuery('review.audit', opened > 0 ? record : null);
  const team = useHostQuery('users.list', opened > 0 ? {} : null);
  const entries: AuditEntry[] | null = trail.data?.entries ?? null;
  const error = trail.error;
  const userNames: ReadonlyMap<string, string> = new Map((team.data ?? []).map((member) => [member.id, member.displayName]));
  const { reload } = trail;
  return (
    <details
      className="audit-trail"
      onToggle={(event) => {
        if (!event.currentTarget.open) return;
        if (opened > 0) reload();
        setOpened((count) => count + 1);
      }}
    >
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
