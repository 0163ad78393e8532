/**
 * Keeps only the newest request's answer. Every load takes a ticket; an answer is applied only if
 * its ticket is still the newest one when it arrives, so a slow answer to an older search never
 * overwrites the answer to a newer one. Pure, so the rule is tested without a DOM.
 */
export const createLatestAnswer = () => {
  let newest = 0;
  return {
    /** A ticket for a load that starts now; every earlier ticket is out of date from this moment. */
    begin: (): number => ++newest,
    /** Whether an answer for this ticket may still be shown. */
    isCurrent: (ticket: number): boolean => ticket === newest,
    /** Nothing in flight may be shown any more (the screen went away, or the request was cleared). */
    cancel: (): void => {
      newest += 1;
    },
  };
};
export type LatestAnswer = ReturnType<typeof createLatestAnswer>;
