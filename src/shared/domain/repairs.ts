import { billedMinutes, price, type BillingPolicy } from './billing.ts';
import { classify, type ContractOnFile } from './classify.ts';
import { warrantyStatus } from './warranty.ts';

/** The repair workflow (domain rules §4): received → diagnosing → repairing → ready → returned, or rejected. */
export const repairStatuses = ['received', 'diagnosing', 'repairing', 'ready', 'returned', 'rejected'] as const;
export type RepairStatus = (typeof repairStatuses)[number];

export const repairStatusLabels = {
  received: 'Ricevuto',
  diagnosing: 'In diagnosi',
  repairing: 'In riparazione',
  ready: 'Pronto per la restituzione',
  returned: 'Restituito',
  rejected: 'Rifiutato',
} as const satisfies Record<RepairStatus, string>;

const forward: Partial<Record<RepairStatus, RepairStatus>> = {
  received: 'diagnosing',
  diagnosing: 'repairing',
  repairing: 'ready',
  ready: 'returned',
};

/** The statuses a repair may move to next: one step forward, or rejected while not yet returned. */
export const nextRepairStatuses = (current: RepairStatus): RepairStatus[] => {
  const next = forward[current];
  const open = !isRepairClosed(current);
  return [...(next ? [next] : []), ...(open && current !== 'ready' ? ['rejected' as const] : [])];
};

/** Returned or rejected: nothing about the repair changes any more. */
export const isRepairClosed = (status: RepairStatus): boolean => status === 'returned' || status === 'rejected';

export const canMoveRepair = (from: RepairStatus, to: RepairStatus): boolean => nextRepairStatuses(from).includes(to);

/**
 * What a repair costs the customer: the repair itself is covered inside the warranty; restoring
 * the OS or software afterwards and transport never are (J-System covers the restore labour,
 * never transport or spare parts).
 */
export const repairVerdict = (input: {
  device: { purchaseDate: string; warrantyMonths?: number };
  receivedOn: string;
  at: Date | string;
  contracts: readonly ContractOnFile[];
  labourMinutes: number;
  restoreMinutes: number;
  transport: boolean;
  policy?: BillingPolicy;
}) => {
  const warranty = warrantyStatus(input.device, input.receivedOn);
  const base = { at: input.at, mode: 'on_site' as const, cause: 'vendor' as const, contracts: input.contracts, device: input.device };
  const labour = classify({ ...base, activity: 'warranty_repair' });
  const restore = classify({ ...base, activity: 'os_software_restore' });
  const labourBilled = billedMinutes(input.labourMinutes * 60, labour.tier, input.policy);
  const restoreBilled = billedMinutes(input.restoreMinutes * 60, restore.tier, input.policy);
  return {
    warranty,
    labour: { tier: labour.tier, reasons: labour.reasons, billedMinutes: labourBilled, ...price(labourBilled, input.policy) },
    restore: { tier: restore.tier, reasons: restore.reasons, billedMinutes: restoreBilled, ...price(restoreBilled, input.policy) },
    transportBillable: input.transport,
  };
};
