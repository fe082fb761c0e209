/**
 * Time as the emulator sees it. The authorizer cache and the throttles take a clock so tests can
 * move time forward instead of sleeping.
 */

/** Milliseconds since the epoch. */
export type Clock = () => number;

/** The wall clock. */
export const systemClock: Clock = () => Date.now();
