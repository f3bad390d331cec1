/** The dispatcher's clock, injectable so tests can move time (a channel down "for minutes") without waiting. */
export const NOTIFICATION_CLOCK = Symbol('NOTIFICATION_CLOCK');

export interface NotificationClock {
  now(): Date;
}

export const systemClock: NotificationClock = { now: () => new Date() };
