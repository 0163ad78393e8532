import { v7 } from 'uuid';

/** UUIDv7: time-ordered, so ids born offline on different consoles still sort by creation. */
export const newId = (): string => v7();

export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
