/** The shapes the signal pipeline and the bot fan-out share: where an alert came in, and an answer. */
import type { SignalRejection } from '../common/signal-rejection';

/**
 * Where an alert came in: one of today's routes (the default bot, trading the default account) or a
 * bot's own URL (its secret and defaults, fanning out to its accounts).
 */
export interface AlertRoute {
  /** The name the signal is recorded under (today's route name, or "bot:<slug>"). */
  name: string;
  stateAware: boolean;
  /** The secret the alert must carry; none: no check (today's routes without WEBHOOK_SECRET). */
  secret: string | undefined;
  bot?: BotRun;
  /** A bot URL whose slug no bot has: why its (always failing) secret check is recorded. */
  unknownBot?: SignalRejection;
}

/** What a bot alert needs of its bot. */
export interface BotRun {
  id: string;
  slug: string;
  name: string;
  defaults: Record<string, unknown>;
  accountIds: string[];
}

export interface SignalAnswer {
  httpStatus: number;
  body: Record<string, unknown>;
  /** The recorded error code of a failed trade (not part of the body): a bot's account acts on some. */
  errorCode?: string;
}
