import { contractRowToWire, type ContractRecordRow } from '../../../shared/model/contract.mapping.ts';
import type BetterSqlite3 from 'better-sqlite3';
import type { z } from 'zod';
import { romeDay } from '../../../shared/domain/index.ts';
import { newId } from '../../../shared/ids.ts';
import { hourBankViewSchema } from '../../../shared/model/billing.schema.ts';
import type { newDeviceSchema, RepairView } from '../../../shared/model/repair.schema.ts';
import { repairRowToWire, type RepairRecordRow } from '../../../shared/model/repair.mapping.ts';
import { AppFailure } from '../../../shared/result.ts';
import type { SyncEngine } from '../sync/sync-engine.ts';
import { writeTransaction } from '../db/write-transaction.ts';

type RepairRow = RepairRecordRow & { model: string; serial: string; purchase_date: string; warranty_months: number; warranty_review: string | null; customer_name: string };

/** Hardware repairs: find the device by serial (or register it), record the repair, follow its workflow. */
export const createRepairService = (options: { sqlite: BetterSqlite3.Database; sync: SyncEngine; clock: () => Date }) => {
  const { sqlite, sync, clock } = options;
  const contractsOf = (customerId: string) =>
    sqlite
      .prepare<[string], ContractRecordRow>('SELECT id, customer_id, kind, valid_from, valid_to, notes FROM contracts WHERE customer_id = ? ORDER BY valid_from DESC')
      .all(customerId)
      .map(contractRowToWire);
  const hourBankOf = (customerId: string) => {
    const row = sqlite
      .prepare<[string], { data: string | null; free_minutes: number }>(
        'SELECT b.data, c.free_minutes FROM customers c LEFT JOIN hour_banks b ON b.customer_id = c.id WHERE c.id = ?',
      )
      .get(customerId);
    return row?.data ? hourBankViewSchema.parse(JSON.parse(row.data)) : { freeMinutes: row?.free_minutes ?? 0, packages: [] };
  };
  const toView = (row: RepairRow): RepairView => ({
    ...repairRowToWire(row),
    hourBank: hourBankOf(row.customer_id),
    device: { id: row.device_id, customerId: row.customer_id, model: row.model, serial: row.serial, purchaseDate: row.purchase_date, warrantyMonths: row.warranty_months, warrantyReview: row.warranty_review },
    customerName: row.customer_name,
    contracts: contractsOf(row.customer_id),
  });
  const selectRepairs = `SELECT r.*, d.model, d.serial, d.purchase_date, d.warranty_months, d.warranty_review, c.name AS customer_name
    FROM repairs r JOIN devices d ON d.id = r.device_id JOIN customers c ON c.id = r.customer_id`;

  return {
    findDevice(serial: string) {
      const device = sqlite
        .prepare<[string], { id: string; customer_id: string; model: string; serial: string; purchase_date: string; warranty_months: number; warranty_review: string | null; customer_name: string }>(
          `SELECT d.*, c.name AS customer_name FROM devices d JOIN customers c ON c.id = d.customer_id WHERE d.serial = ? COLLATE NOCASE`,
        )
        .get(serial.trim());
      if (!device) return null;
      return {
        device: { id: device.id, customerId: device.customer_id, model: device.model, serial: device.serial, purchaseDate: device.purchase_date, warrantyMonths: device.warranty_months, warrantyReview: device.warranty_review },
        customerName: device.customer_name,
        contracts: contractsOf(device.customer_id),
      };
    },
    list(filter: { open?: boolean }): RepairView[] {
      const rows = sqlite
        .prepare<[], RepairRow>(
          `${selectRepairs} ${filter.open ? "WHERE r.status NOT IN ('returned', 'rejected')" : ''} ORDER BY r.received_on DESC, r.updated_at DESC LIMIT 500`,
        )
        .all();
      return rows.map(toView);
    },
    create(input: { device: { id: string } | { new: z.output<typeof newDeviceSchema> }; reportedDefect: string; ticketId: string | null }) {
      const repairId = newId();
      // Registering the device and opening the repair happen together or not at all.
      writeTransaction(sqlite, () => {
        let deviceId: string;
        let customerId: string;
        if ('id' in input.device) {
          const device = sqlite.prepare<[string], { customer_id: string }>('SELECT customer_id FROM devices WHERE id = ?').get(input.device.id);
          if (!device) throw new AppFailure('not_found', 'Dispositivo non trovato.');
          deviceId = input.device.id;
          customerId = device.customer_id;
        } else {
          deviceId = newId();
          customerId = input.device.new.customerId;
          sync.execute('device.upsert', { id: deviceId, ...input.device.new });
        }
        sync.execute('repair.create', {
          id: repairId,
          customerId,
          deviceId,
          ticketId: input.ticketId,
          reportedDefect: input.reportedDefect,
          // The workstation's clock corrected by the server's: the day decides the warranty.
          receivedOn: romeDay(clock()),
        });
      });
      return { repairId };
    },
  };
};
export type RepairService = ReturnType<typeof createRepairService>;
