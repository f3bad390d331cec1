/**
 * From the raw request body to a valid signal: parse (JSON in application/json
 * or text/plain), validate with the DTO, normalise the symbol against the
 * tradable perpetuals, after checking that every field is used or refused
 * (signal-fields.ts). Every failure is a SignalRejection naming the field
 * and the allowed range.
 */
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import Decimal from 'decimal.js';
import type { MarginType } from '../common/margin-types';
import { SignalRejection } from '../common/signal-rejection';
import { MarketPositionWord, SignalAction, WebhookSignalDto } from './dto/webhook-signal.dto';
import type { PartialRequest } from '../trading/close/partial-close';
import type { SizingMode } from '../trading/position-sizing';
import type { ProtectionRequest } from '../trading/protection/protection-request';
import { isBlank, PROTECTION_FIELDS, protectionFields } from './protection-fields';
import { checkSignalAge } from './signal-age';
import { checkFields } from './signal-fields';
import { SIZING_FIELDS, sizingMode } from './sizing-fields';
import { refuseUnreplacedPlaceholders } from './unreplaced-placeholders';
import { normaliseSymbol } from './symbol-normaliser';

/** A target-position alert: the position wanted instead of an action. */
export interface TargetSpec {
  position: MarketPositionWord;
  /** Base asset; absent when sized from balance_percentage and leverage. */
  size?: Decimal;
  /** {{strategy.prev_market_position}}, recorded. */
  previous?: MarketPositionWord;
}

export interface ValidSignal {
  /** 'target' when the alert carries market_position instead of action. */
  action: SignalAction | 'target';
  target?: TargetSpec;
  /** close only: a partial exit. */
  partial?: PartialRequest;
  rawSymbol: string;
  symbol: string;
  balancePercentage?: Decimal;
  /** buy / sell: how the position is sized (exactly one sizing field). */
  sizing?: SizingMode;
  /** buy / sell: the stop loss, take profits and trailing stop asked for. */
  protection?: ProtectionRequest;
  leverage?: number;
  entry?: Decimal;
  marginType?: MarginType;
  externalId?: string;
  /** Fields kept in the record but not used (see signal-fields.ts). */
  ignoredFields: string[];
  /** A bot account's sizing multiplier, when it scaled the sizes above (account-limits.ts). */
  sizingMultiplier?: Decimal;
}

/** A bare number above 1 was almost surely meant as a percentage: say which fraction that is. */
function fractionHint(value: unknown): string {
  if (value instanceof Decimal && value.gt(1) && value.lte(100)) {
    const asked = value.toString();
    return `Use ${value.div(100).toString()} (a fraction: ${asked}% of the balance), or "${asked}%"`;
  }
  return 'Use a fraction from 0.01 to 1.0 (1% to 100%), e.g. 0.25, or a percentage such as "25%"';
}

const FIELD_HINTS: Record<string, string | ((value: unknown) => string)> = {
  symbol: 'Use a valid Binance Futures symbol such as "BTCUSDT"',
  action: 'Use "buy", "sell" or "close"',
  balance_percentage: fractionHint,
  leverage: 'Use an integer leverage from 1 to 125',
  entry: 'Use a positive price, e.g. {{close}}, or leave entry out',
  margin_type: 'Use "ISOLATED" or "CROSSED", or leave margin_type out',
  id: 'Use a short text id (at most 64 characters)',
  close_percentage: 'Use a percentage above 0 and at most 100, e.g. 50 or "50%"',
  close_quantity: 'Use a quantity in the base asset above 0, e.g. 0.5',
  market_position: 'Use "long", "short" or "flat", e.g. {{strategy.market_position}}',
  market_position_size: 'Use the target size in the base asset, e.g. {{strategy.market_position_size}}',
  prev_market_position: 'Use "long", "short" or "flat", e.g. {{strategy.prev_market_position}}, or leave it out',
};

const conflict = (message: string, suggestion: string) => new SignalRejection(message, 'VALIDATION', 422, [suggestion]);

/** Fields that only make sense together (or never together), checked after each is valid on its own. */
function checkCombinations(dto: WebhookSignalDto): void {
  const given = (value: unknown) => value !== undefined && value !== null;
  if (given(dto.market_position)) {
    const size = dto.market_position_size;
    if (given(dto.action)) {
      throw conflict(
        'Send either action or market_position, not both: market_position states the position wanted',
        'Remove "action" from a target-position alert (or market_position from an action alert)',
      );
    }
    if (given(size) && given(dto.balance_percentage)) {
      throw conflict(
        'Send either market_position_size or balance_percentage, not both: each sets the target size',
        'Keep "market_position_size": "{{strategy.market_position_size}}", or size by balance_percentage and leverage',
      );
    }
    if (dto.market_position === 'flat' && size && !size.isZero()) {
      throw conflict(
        `market_position flat with market_position_size ${size.toString()}: a flat target has size 0`,
        'Send market_position_size 0 (or leave it out) with flat',
      );
    }
    if (dto.market_position !== 'flat' && size && size.isZero()) {
      throw conflict(
        `market_position ${dto.market_position} with market_position_size 0: use "flat" to close`,
        'Send a size above 0, e.g. {{strategy.market_position_size}}',
      );
    }
  }
  const partial = given(dto.close_percentage) || given(dto.close_quantity);
  if (partial && given(dto.close_percentage) && given(dto.close_quantity)) {
    throw conflict('Send either close_percentage or close_quantity, not both', 'Keep the one that says what to close');
  }
  if (partial && dto.action !== 'close') {
    throw conflict(
      'close_percentage and close_quantity only apply to "action": "close"',
      'Send them with "action": "close", or use market_position for a target position',
    );
  }
}

/** A signal is flat; deeper JSON is hostile (and deep recursion would be a crash). */
export const MAX_JSON_DEPTH = 32;

/** The deepest nesting of arrays and objects in JSON text, counted without parsing it. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/**
 * The JSON parser's own message quotes the input, and the input may hold the
 * secret (or a cut piece of it no redaction can recognise): only the part
 * before the quote is kept ("Unexpected token 'h'", "… at position 12").
 */
export function jsonErrorWithoutInput(message: string): string {
  return message.replace(/,\s*"[\s\S]*$/, '').replace(/\s*\([^)]*\)\s*$/, '');
}

/**
 * Refuses JSON text nested deeper than MAX_JSON_DEPTH. Checked once the secret
 * was (JSON.parse itself copes with any depth, so the secret can be read from
 * such a body), and before anything walks the value recursively.
 */
export function assertShallow(body: unknown): void {
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : body;
  if (typeof text === 'string' && jsonDepth(text) > MAX_JSON_DEPTH) {
    throw new SignalRejection(`The request body is nested more than ${MAX_JSON_DEPTH} levels deep`, 'TOO_DEEP', 400, [
      'Send one flat JSON object such as {"symbol":"BTCUSDT","action":"buy",...}',
    ]);
  }
}

/** Parses the body TradingView sent. Accepts a JSON object whatever the content type said. */
export function parseBody(body: unknown): Record<string, unknown> {
  let value = body;
  if (Buffer.isBuffer(value)) value = value.toString('utf8');
  if (typeof value === 'string') {
    const text = value.replace(/^\uFEFF/, '').trim();
    if (!text)
      throw new SignalRejection('Empty request body: expected a JSON alert message', 'EMPTY_BODY', 400, [
        'Set the alert message to the JSON signal, e.g. ' +
          '{"symbol":"BTCUSDT","action":"buy","balance_percentage":0.1,"leverage":5}',
      ]);
    try {
      value = JSON.parse(text);
    } catch (error) {
      const problem = jsonErrorWithoutInput((error as Error).message);
      throw new SignalRejection(`Invalid JSON in request body: ${problem}`, 'INVALID_JSON', 400, [
        'Check the alert message is valid JSON (double quotes, no trailing commas)',
        'In TradingView, placeholders such as {{close}} must produce numbers or be quoted',
      ]);
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new SignalRejection('The request body must be a JSON object', 'NOT_AN_OBJECT', 400, [
      'Send one JSON object such as {"symbol":"BTCUSDT","action":"buy",...}',
    ]);
  }
  return value as Record<string, unknown>;
}

function flatten(errors: ValidationError[]): Array<{ property: string; message: string; value: unknown }> {
  return errors.flatMap((e) =>
    Object.values(e.constraints ?? {}).map((message) => ({ property: e.property, message, value: e.value as unknown })),
  );
}

function hintFor(problem: { property: string; value: unknown }): string | undefined {
  const hint = FIELD_HINTS[problem.property];
  return typeof hint === 'function' ? hint(problem.value) : hint;
}

export function validateFields(payload: Record<string, unknown>): WebhookSignalDto {
  const dto = plainToInstance(WebhookSignalDto, payload);
  const problems = flatten(validateSync(dto, { forbidUnknownValues: false, stopAtFirstError: true }));
  if (problems.length) {
    const first = problems[0];
    const hints = [...new Set(problems.map(hintFor).filter((hint): hint is string => !!hint))];
    throw new SignalRejection(`Invalid ${first.property}: ${first.message}`, 'VALIDATION', 422, [
      ...problems.slice(1).map((p) => p.message),
      ...hints,
    ]);
  }
  return dto;
}

/**
 * A target position trades the difference to what is held, sized from market_position_size or
 * balance_percentage: it takes no other sizing field, so those are refused rather than left
 * silently undone. Protection fields are taken (placed when the target opens or adds).
 */
function refuseOnTarget(payload: Record<string, unknown>): void {
  const asked = SIZING_FIELDS.filter((f) => f !== 'balance_percentage').filter((f) => !isBlank(payload[f]));
  if (asked.length === 0) return;
  throw new SignalRejection(
    `Field "${asked[0]}" is not supported with market_position (a target position): ` +
      'the alert was not executed, so that no order differs from what it asks',
    'UNSUPPORTED_FIELD',
    422,
    [
      'Send "action": "buy" or "sell" to open with another sizing field',
      `Remove ${asked.map((f) => `"${f}"`).join(', ')} to trade the target without it`,
    ],
  );
}

export interface ValidationContext {
  receivedAtMs: number;
  /** MAX_SIGNAL_AGE_S (0 = off). */
  maxSignalAgeS: number;
}

export function validateSignal(
  payload: Record<string, unknown>,
  tradableSymbols: readonly string[],
  context: ValidationContext = { receivedAtMs: Date.now(), maxSignalAgeS: 0 },
): ValidSignal {
  let ignoredFields = checkFields(payload);
  refuseUnreplacedPlaceholders(payload);
  const dto = validateFields(payload);
  checkCombinations(dto);
  checkSignalAge(payload, context.receivedAtMs, context.maxSignalAgeS);
  const isTarget = !!dto.market_position;
  const trade = !isTarget && dto.action !== 'close';
  if (isTarget) refuseOnTarget(payload);
  const sizing = trade ? sizingMode(payload, dto.balance_percentage) : undefined;
  const protection = trade || isTarget ? protectionFields(payload) : undefined;
  if (!trade && !isTarget) {
    // A close closes everything: sizing and protection fields (a template shared by every action) do nothing.
    const unused = [...SIZING_FIELDS, ...PROTECTION_FIELDS].filter(
      (f) => f !== 'balance_percentage' && !isBlank(payload[f]),
    );
    ignoredFields = [...ignoredFields, ...unused].sort();
  }
  const symbol = normaliseSymbol(dto.symbol, tradableSymbols);
  if (!symbol.ok) {
    throw new SignalRejection(
      `Invalid symbol: ${dto.symbol} (${symbol.candidate} is not a trading Binance USDⓈ-M perpetual)`,
      'INVALID_SYMBOL',
      400,
      [
        ...(symbol.suggestions.length ? [`Did you mean ${symbol.suggestions.join(', ')}?`] : []),
        'Use a valid Binance Futures symbol',
      ],
    );
  }
  const externalId =
    dto.id ??
    (typeof payload.signal_id === 'string' || typeof payload.signal_id === 'number'
      ? String(payload.signal_id).slice(0, 64)
      : undefined);
  const target = dto.market_position
    ? {
        position: dto.market_position,
        size: dto.market_position_size ?? undefined,
        previous: dto.prev_market_position ?? undefined,
      }
    : undefined;
  const partial = dto.close_percentage ?? dto.close_quantity;
  return {
    action: target ? 'target' : dto.action,
    target,
    partial: partial
      ? { percentage: dto.close_percentage ?? undefined, quantity: dto.close_quantity ?? undefined }
      : undefined,
    rawSymbol: dto.symbol,
    symbol: symbol.symbol,
    balancePercentage: target
      ? target.position === 'flat' || target.size
        ? undefined
        : dto.balance_percentage
      : trade && sizing?.kind === 'balance_percentage'
        ? dto.balance_percentage
        : undefined,
    sizing,
    protection,
    leverage: dto.leverage ?? undefined,
    // null is "not given" for the optional fields (TradingView templates leave them empty).
    entry: dto.entry ?? undefined,
    marginType: dto.margin_type ?? undefined,
    externalId: externalId ?? undefined,
    ignoredFields,
  };
}
