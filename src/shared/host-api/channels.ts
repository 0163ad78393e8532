/**
 * The names of the host-API channels and events, free of any dependency so the sandboxed
 * preload script can bundle them without pulling in zod. `contract.ts` must define exactly these.
 */
export const hostChannelPrefix = 'presidio:';

export const hostChannelNames = [
  'app.info',
  'tickets.list',
  'tickets.get',
  'commands.execute',
  'sync.status',
  'sync.login',
  'sync.logout',
  'sync.now',
  'sync.rejected',
  'sync.discard',
  'sync.retry',
  'sync.quarantine',
  'sync.realign',
  'customers.search',
  'tickets.intake',
  'tickets.close',
  'timer.active',
  'timer.start',
  'timer.pause',
  'timer.resume',
  'timer.stop',
  'timer.discardIdle',
  'timer.acknowledge',
  'system.idle',
  'devices.findBySerial',
  'repairs.list',
  'repairs.create',
  'repairs.update',
  'repairs.advance',
  'users.list',
  'review.day',
  'review.workload',
  'review.quality',
  'review.handling',
  'policy.get',
  'review.audit',
  'calendar.get',
  'quality.week',
  'quality.record',
  'review.consoles',
  'review.mail',
  'review.mailRetry',
  'reports.statements',
  'reports.statementFile',
  'portal.invite',
  'portal.contacts',
  'portal.disableContact',
  'portal.offers',
  'portal.setOffer',
  'portal.orders',
  'portal.confirmOrder',
  'portal.cancelOrder',
  'intake.keys',
  'intake.issueKey',
  'intake.revokeKey',
  'update.status',
  'update.setChannel',
  'admin.import',
  'admin.users',
  'admin.createUser',
  'admin.setRole',
  'admin.setDisabled',
  'admin.sendReset',
  'sync.forgotPassword',
] as const;
export type HostChannel = (typeof hostChannelNames)[number];

export const hostEventNameList = ['tickets.changed', 'sync.status', 'update.status', 'import.progress'] as const;
export type HostEventName = (typeof hostEventNameList)[number];

export const ipcChannelName = (channel: HostChannel): string => `${hostChannelPrefix}${channel}`;
export const ipcEventChannelName = (event: HostEventName): string => `${hostChannelPrefix}event:${event}`;
