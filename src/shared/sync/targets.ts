import type { Command } from './commands.ts';
import { billingPolicyId, supportCalendarId, type SyncEntity } from './entities.ts';
import { qualityWeekId } from '../review/quality-calls.ts';

export type EntityRef = { entity: SyncEntity; id: string };

/**
 * The rows a command may change. A console uses it to restore the server's version of exactly
 * those rows when the command is rejected, and to know which pending commands a pulled page
 * touches. Timer segments closed by pause/stop are found through their intervention.
 */
export const commandTargets = (command: Command): EntityRef[] => {
  switch (command.name) {
    case 'customer.create':
    case 'customer.update':
      return [{ entity: 'customer', id: command.args.id }];
    case 'ticket.create':
      return [{ entity: 'ticket', id: command.args.id }];
    case 'ticket.assign':
    case 'ticket.update':
    case 'ticket.close':
      return [{ entity: 'ticket', id: command.args.ticketId }];
    case 'intervention.start':
      return [
        { entity: 'intervention', id: command.args.id },
        { entity: 'timer_segment', id: command.args.segmentId },
        { entity: 'ticket', id: command.args.ticketId },
      ];
    case 'intervention.resume':
      return [
        { entity: 'intervention', id: command.args.interventionId },
        { entity: 'timer_segment', id: command.args.segmentId },
      ];
    case 'intervention.pause':
    case 'intervention.stop':
    case 'intervention.edit':
    case 'intervention.approve':
      return [{ entity: 'intervention', id: command.args.interventionId }];
    case 'intervention.adjustSegment':
    case 'intervention.confirmSegment':
      return [
        { entity: 'intervention', id: command.args.interventionId },
        { entity: 'timer_segment', id: command.args.segmentId },
      ];
    case 'device.upsert':
      return [{ entity: 'device', id: command.args.id }];
    case 'device.confirmWarranty':
      return [{ entity: 'device', id: command.args.deviceId }];
    case 'repair.create':
      return [{ entity: 'repair', id: command.args.id }];
    case 'repair.update':
    case 'repair.advance':
    case 'repair.approveReceipt':
      return [{ entity: 'repair', id: command.args.repairId }];
    case 'hourBank.grant':
    case 'hourBank.registerPackage':
    case 'hourBank.adjust':
      return [{ entity: 'hour_bank', id: command.args.customerId }];
    case 'calendar.edit':
      return [{ entity: 'support_calendar', id: supportCalendarId }];
    case 'contract.add':
      return [{ entity: 'contract', id: command.args.id }];
    case 'contract.amend':
    case 'contract.end':
      return [{ entity: 'contract', id: command.args.contractId }];
    case 'policy.set':
      return [{ entity: 'billing_policy', id: billingPolicyId }];
    case 'quality.sample':
    case 'quality.record':
      return [{ entity: 'quality_week', id: qualityWeekId(command.args.week) }];
    case 'ticket.message':
      return [{ entity: 'ticket_message', id: command.args.id }];
    case 'workReport.record':
      return [{ entity: 'work_report', id: command.args.id }];
  }
};
