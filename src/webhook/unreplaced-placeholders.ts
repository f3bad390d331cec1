/**
 * A TradingView placeholder ({{ticker}}, {{close}}, {{strategy.order.action}}) still in a field the
 * service trades on means TradingView did not replace it: the alert was created where the placeholder
 * means nothing (an indicator alert for a strategy placeholder, a template pasted as it is), or was
 * sent by hand. Refused naming the field and the placeholder, rather than as a malformed symbol or number.
 */
import { SignalRejection } from '../common/signal-rejection';
import { SIGNAL_FIELDS } from './signal-fields';

const PLACEHOLDER = /\{\{[^{}]{1,80}\}\}/;

/** The first placeholder left in a field the trade uses, with its field, or undefined. */
export function unreplacedPlaceholder(
  payload: Record<string, unknown>,
): { field: string; placeholder: string } | undefined {
  for (const [field, value] of Object.entries(payload)) {
    if (!Object.hasOwn(SIGNAL_FIELDS, field) || SIGNAL_FIELDS[field].support !== 'used') continue;
    const text =
      typeof value === 'string' ? value : value !== null && typeof value === 'object' ? JSON.stringify(value) : '';
    const found = PLACEHOLDER.exec(text);
    if (found) return { field, placeholder: found[0] };
  }
  return undefined;
}

export function refuseUnreplacedPlaceholders(payload: Record<string, unknown>): void {
  const found = unreplacedPlaceholder(payload);
  if (!found) return;
  const { field, placeholder } = found;
  throw new SignalRejection(
    `Invalid ${field}: "${placeholder}" is a TradingView placeholder that was not replaced: nothing was sent`,
    'VALIDATION',
    422,
    [
      `Check that ${placeholder} exists where the alert is created ` +
        "(strategy.* placeholders only in a strategy's alerts)",
      `Or write the value itself in the alert message instead of ${placeholder}`,
    ],
  );
}
