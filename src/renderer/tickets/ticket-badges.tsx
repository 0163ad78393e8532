import { channelLabels, priorityLabels, ticketStatusLabels } from '../../shared/model/enums.ts';
import type { Priority, TicketStatus, Channel } from '../../shared/model/enums.ts';
import { Badge, type BadgeTone } from '../../ui/Badge.tsx';

const priorityTone = { P1: 'danger', P2: 'warning', P3: 'info', P4: 'neutral' } as const satisfies Record<
  Priority,
  BadgeTone
>;
const statusTone = {
  open: 'info',
  in_progress: 'warning',
  waiting: 'neutral',
  closed: 'success',
} as const satisfies Record<TicketStatus, BadgeTone>;

export const PriorityBadge = ({ priority }: { priority: Priority }) => (
  <Badge tone={priorityTone[priority]} title={priorityLabels[priority]}>
    {priority}
  </Badge>
);

export const StatusBadge = ({ status }: { status: TicketStatus }) => (
  <Badge tone={statusTone[status]}>{ticketStatusLabels[status]}</Badge>
);

export const ChannelLabel = ({ channel }: { channel: Channel }) => (
  <span className="muted">{channelLabels[channel]}</span>
);
