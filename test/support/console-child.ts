import { createCore } from '../../src/main/core/core.ts';
import { newId } from '../../src/shared/ids.ts';

/**
 * A console as its own process: queues `count` tickets and pushes them, so the test can kill it
 * with SIGKILL while the push is under way. Arguments: data directory, customer id, count, prefix.
 */
const [dataDirectory, customerId, count, prefix] = process.argv.slice(2);
const core = createCore({ dataDirectory: dataDirectory!, host: 'browser', version: 'child' });
for (let i = 0; i < Number(count); i++) {
  core.sync.execute('ticket.create', {
    id: newId(),
    number: `${prefix}-${i}`,
    customerId,
    channel: 'phone',
    subject: `Chiamata ${i}`,
    description: '',
    priority: 'P3',
    blocking: false,
    openedAt: new Date().toISOString(),
  });
}
console.log('queued');
await core.sync.syncNow();
console.log('synced');
await core.close();
