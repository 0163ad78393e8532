import { z } from 'zod';
import '../zod-italian.ts';
import { syncedRepairSchema } from '../sync/entities.ts';
import { hourBankViewSchema } from './billing.schema.ts';
import { contractSchema, deviceSchema } from './ticket.schema.ts';

/** A repair as the console shows it: the record with its device, customer and contracts. */
export const repairViewSchema = syncedRepairSchema.extend({
  device: deviceSchema,
  customerName: z.string(),
  contracts: z.array(contractSchema),
  /** The customer's hour bank as last synced, for the provisional figures before the API's. */
  hourBank: hourBankViewSchema,
});
export type RepairView = z.infer<typeof repairViewSchema>;

export const newDeviceSchema = z
  .object({
    customerId: z.uuid(),
    model: z.string().trim().min(1, 'Indica il modello').max(120),
    serial: z.string().trim().min(1, 'Indica la matricola').max(60),
    purchaseDate: z.iso.date('Data di acquisto non valida'),
    warrantyMonths: z.int().min(12, 'La garanzia dura almeno 12 mesi').max(36, 'La garanzia dura al massimo 36 mesi'),
  })
  .strict();
