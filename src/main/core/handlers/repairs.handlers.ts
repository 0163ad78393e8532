import { done, type HandlerDeps, type HandlerGroup } from './handler-deps.ts';

/** Hardware repairs: a device by serial, the open repairs, their workflow (labour stamped with the aligned clock). */
export const repairHandlers = ({ repairs, sync, stampClock }: HandlerDeps): HandlerGroup<'devices.findBySerial' | 'repairs.list' | 'repairs.create' | 'repairs.update' | 'repairs.advance'> => ({
  'devices.findBySerial': ({ serial }) => repairs.findDevice(serial),
  'repairs.list': (filter) => repairs.list(filter),
  'repairs.create': (input) => repairs.create(input),
  'repairs.update': (args) => (sync.execute('repair.update', { ...args, loggedAt: stampClock().toISOString() }), done),
  'repairs.advance': (args) => (sync.execute('repair.advance', args), done),
});
