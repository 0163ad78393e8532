import { z } from 'zod';
import { loggedCallSchema } from '../channels/calls.ts';
import { repairStatuses } from '../domain/repairs.ts';
import { ticketStatusSchema } from './enums.ts';
import { contractSchema, customerSchema, deviceSchema } from './ticket.schema.ts';
import { hourBankViewSchema } from './billing.schema.ts';

/** «Clienti»: one page of the directory, found by name, code, VAT number, fiscal code or city. */
export const customerDirectoryQuerySchema = z
  .object({
    search: z.string().trim().max(200).optional(),
    offset: z.int().min(0).max(10_000_000),
    limit: z.int().min(1).max(500),
  })
  .strict();

export const customerDirectoryRowSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  vatNumber: z.string().nullable(),
  fiscalCode: z.string().nullable(),
  city: z.string().nullable(),
  province: z.string().nullable(),
  /** Contracts in force today. */
  standard: z.boolean(),
  extended: z.boolean(),
  openTickets: z.int().nonnegative(),
});
export type CustomerDirectoryRow = z.infer<typeof customerDirectoryRowSchema>;
export const customerDirectoryPageSchema = z.object({ items: z.array(customerDirectoryRowSchema), total: z.int().nonnegative() });

/** A customer's card: master data, contracts, devices, hour bank, and the history of tickets and repairs. */
export const customerFileSchema = z.object({
  customer: customerSchema,
  contracts: z.array(contractSchema),
  devices: z.array(deviceSchema),
  hourBank: hourBankViewSchema,
  tickets: z.array(z.object({ id: z.uuid(), number: z.string(), subject: z.string(), status: ticketStatusSchema, openedAt: z.string(), closedAt: z.string().nullable() })),
  /** The newest 200 tickets; `ticketsTotal` says how many there are. */
  ticketsTotal: z.int().nonnegative(),
  repairs: z.array(z.object({ id: z.uuid(), deviceId: z.uuid(), serial: z.string(), model: z.string(), status: z.enum(repairStatuses), receivedOn: z.string(), reportedDefect: z.string() })),
  /** The newest 50 calls from the customer's numbers, answered or missed. */
  calls: z.array(loggedCallSchema).default([]),
});
export type CustomerFile = z.infer<typeof customerFileSchema>;
