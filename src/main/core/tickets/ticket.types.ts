import type { z } from 'zod';
import type { ticketListQuerySchema } from '../../../shared/host-api/contract.ts';

export type TicketParsedQuery = z.output<typeof ticketListQuerySchema>;
