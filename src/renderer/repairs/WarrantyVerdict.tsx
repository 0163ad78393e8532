import { useState } from 'react';
import { addDays, warrantyAwaitsConfirmation, warrantyStatus } from '../../shared/domain/index.ts';
import { formatDay } from '../../shared/format.ts';
import { Badge } from '../../ui/Badge.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { executeCommand } from '../host/execute-command.ts';

/** A device's warranty on a day, as the shared rule decides it: one badge for the repairs and the customer card. */
export const WarrantyVerdict = ({
  device,
  on,
}: {
  device: { purchaseDate: string; warrantyMonths: number; warrantyReview?: string | null };
  on: string;
}) => {
  const status = warrantyStatus(device, on);
  // Covered by its dates, but the dates wait for a lead: say so, and price it as not covered.
  if (warrantyAwaitsConfirmation(device, on))
    return (
      <Badge tone="warning" title={device.warrantyReview ?? undefined}>
        Garanzia da confermare dal team leader
      </Badge>
    );
  return status.covered ? (
    <Badge tone="success">In garanzia fino al {formatDay(addDays(status.expiresOn, -1))}</Badge>
  ) : (
    <Badge tone="neutral">Garanzia scaduta il {formatDay(status.expiresOn)}</Badge>
  );
};

/** A team lead confirms the warranty data a technician gave on the spot (audited by the API; the work on it is priced again). */
export const ConfirmWarranty = ({ device, onConfirmed }: { device: { id: string; serial: string }; onConfirmed: () => void }) => {
  const [error, setError] = useState<string | null>(null);
  const confirm = async () => {
    const refused = await executeCommand('device.confirmWarranty', { deviceId: device.id });
    setError(refused);
    if (!refused) onConfirmed();
  };
  return (
    <>
      {' '}
      <button type="button" aria-label={`Conferma la garanzia del dispositivo ${device.serial}`} onClick={() => void confirm()}>
        Conferma garanzia
      </button>
      {error ? <Notice tone="error">{error}</Notice> : null}
    </>
  );
};
