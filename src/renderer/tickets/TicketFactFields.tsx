import { channelLabels, priorities, priorityLabels, type Channel, type Priority } from '../../shared/model/enums.ts';

/**
 * The facts of a request both the intake and the correction ask: channel, priority and whether it
 * blocks the customer's work (which decides weekend service). One set of fields, one wording.
 */
export const TicketFactFields = ({
  channels,
  channel,
  onChannel,
  priority,
  onPriority,
  blocking,
  onBlocking,
}: {
  channels: readonly Channel[];
  channel: Channel;
  onChannel: (channel: Channel) => void;
  priority: Priority;
  onPriority: (priority: Priority) => void;
  blocking: boolean;
  onBlocking: (blocking: boolean) => void;
}) => (
  <>
    <label className="field">
      <span className="field-label">Canale</span>
      <select value={channel} onChange={(event) => onChannel(channels.find((value) => value === event.target.value) ?? channel)}>
        {channels.map((value) => (
          <option key={value} value={value}>
            {channelLabels[value]}
          </option>
        ))}
      </select>
    </label>
    <label className="field">
      <span className="field-label">Priorità</span>
      <select value={priority} onChange={(event) => onPriority(priorities.find((value) => value === event.target.value) ?? priority)}>
        {priorities.map((value) => (
          <option key={value} value={value}>
            {priorityLabels[value]}
          </option>
        ))}
      </select>
    </label>
    <label className="checkbox">
      <input type="checkbox" checked={blocking} onChange={(event) => onBlocking(event.target.checked)} />
      Il problema blocca il lavoro del cliente
    </label>
  </>
);
