import type { SyncEntity } from '../../shared/sync/entities.ts';

/** A row a transaction changed, as the change log and the consoles name it. */
export type ChangeRef = { entity: SyncEntity; id: string };
