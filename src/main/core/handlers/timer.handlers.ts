import { listActiveInterventions } from '../tickets/ticket.service.ts';
import { done, type HandlerDeps, type HandlerGroup } from './handler-deps.ts';

/** The technician's timers. */
export const timerHandlers = ({ local, sync, timer }: HandlerDeps): HandlerGroup<'timer.active' | 'timer.start' | 'timer.pause' | 'timer.resume' | 'timer.stop' | 'timer.discardIdle' | 'timer.acknowledge'> => ({
  // Signed out, nobody has timers on this workstation (the previous user's are not shown).
  'timer.active': () => {
    const user = sync.status().user;
    return user ? listActiveInterventions(local.db, user.id) : [];
  },
  'timer.start': (input) => timer.start(input),
  'timer.pause': ({ interventionId }) => (timer.pause(interventionId), done),
  'timer.resume': ({ interventionId, pauseRunning }) => (timer.resume(interventionId, pauseRunning === true), done),
  'timer.stop': ({ interventionId }) => (timer.stop(interventionId), done),
  'timer.discardIdle': ({ interventionId, idleSince }) => (timer.discardIdle(interventionId, idleSince), done),
  'timer.acknowledge': ({ segmentId }) => (timer.acknowledge(segmentId), done),
});
