let epoch = 0;

/** Bumped whenever the signed-in user changes: a store drops any answer that started before it. */
export const userEpoch = (): number => epoch;

export const nextUserEpoch = (): void => {
  epoch += 1;
};
