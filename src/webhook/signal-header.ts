/**
 * The signal's record header (journal/signal-record.ts) as intake fills it: on arrival (id, route,
 * address, the body as sent, redacted), then from the validated signal (the columns history filters on).
 */
import { newSignalId } from '../trading/client-order-id';
import { protectionJson } from '../trading/protection/protection-request';
import type { SignalHeader } from '../journal/signal-record';
import type { SecretRedactor } from '../logging/secret-redactor';
import { bodyHash } from './duplicate-detector';
import type { ValidSignal } from './signal-validation';

export interface SignalInput {
  body: unknown;
  clientIp?: string;
  token?: unknown;
  replayOfId?: string;
  /** Fired by hand from the dashboard: the admin session stands for the source and secret checks. */
  fromDashboard?: boolean;
  /** The id a replay claimed before running (ReplayService). */
  id?: string;
}

/** Characters kept of a signed body that is not JSON. */
const RAW_BODY_CHARS = 2000;

/** What to keep of a body that may not be JSON at all: redacted, then cut. */
export function rawPayload(body: unknown, redactor: SecretRedactor): unknown {
  if (typeof body === 'string') return { raw: redactor.redactThenCut(body, RAW_BODY_CHARS) };
  if (Buffer.isBuffer(body)) return { raw: redactor.redactThenCut(body.toString('utf8'), RAW_BODY_CHARS) };
  return redactor.redact(body ?? {});
}

/** The header of a signal just received, before anything about it is checked. */
export function arrivalHeader(
  route: string,
  input: SignalInput,
  botId: string,
  accountId: string | undefined,
  redactor: SecretRedactor,
): SignalHeader {
  const receivedAt = new Date();
  return {
    id: input.id ?? newSignalId(receivedAt.getTime()),
    route,
    clientIp: input.clientIp,
    payload: rawPayload(input.body, redactor),
    receivedAt,
    replayOfId: input.replayOfId,
    // A replay is only ever of a signal that passed both checks (ReplayService); a dashboard
    // signal comes from a signed-in admin.
    authenticated: input.replayOfId !== undefined || input.fromDashboard === true,
    botId,
    accountId,
  };
}

const POSITION_WORDS = { long: 'LONG', short: 'SHORT', flat: 'FLAT' } as const;

/** The columns a valid signal fills (a replay keeps no external id: the original holds it). */
export function validatedFields(
  signal: ValidSignal,
  parsed: Record<string, unknown>,
  replay: boolean,
): Partial<SignalHeader> {
  const target = signal.target;
  return {
    action: signal.action.toUpperCase() as SignalHeader['action'],
    rawSymbol: signal.rawSymbol,
    symbol: signal.symbol,
    balancePercentage: signal.balancePercentage,
    leverage: signal.leverage,
    entryPrice: signal.entry,
    marginType: signal.marginType,
    externalId: replay ? undefined : signal.externalId,
    ignoredFields: signal.ignoredFields,
    bodyHash: bodyHash(parsed),
    protectionRequest: signal.protection ? protectionJson(signal.protection) : undefined,
    // Target-position alerts and partial exits.
    targetPosition: target && POSITION_WORDS[target.position],
    targetQuantity: target?.size,
    prevMarketPosition: target?.previous && POSITION_WORDS[target.previous],
    closePercentage: signal.partial?.percentage,
    closeQuantity: signal.partial?.quantity,
  };
}
