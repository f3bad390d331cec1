/**
 * A bot's defaults for the alert's fields (leverage, margin type, sizing,
 * protection): used when the alert leaves a field out, never over a field it
 * sends. Sizing is one choice: an alert with any sizing field takes none of
 * the defaults' sizing. Defaults apply to entries (buy / sell); a target
 * position takes only leverage and margin type, a close none (it closes
 * everything whatever they say).
 */
import { BadRequestException } from '@nestjs/common';
import { SignalRejection } from '../common/signal-rejection';
import { actionOf } from './dto/webhook-signal.dto';
import { PROTECTION_FIELDS } from './protection-fields';
import { probablyMeant } from './signal-fields';
import { SIZING_FIELDS } from './sizing-fields';
import { validateSignal } from './signal-validation';

const SETTING_FIELDS = ['leverage', 'margin_type'];
export const DEFAULT_FIELDS = [...SETTING_FIELDS, ...SIZING_FIELDS, ...PROTECTION_FIELDS];

export type BotDefaults = Record<string, unknown>;

const present = (value: unknown) => value !== undefined && value !== null && value !== '';

/**
 * The alert with the bot's defaults filled in where it left a field out. The action is read as validation
 * reads it (any case, long / short aliases). An action that means nothing is refused by validation anyway:
 * it takes the entry's defaults, so that its answer names the action, not a leverage the bot does default.
 */
export function withBotDefaults(alert: Record<string, unknown>, defaults: BotDefaults): Record<string, unknown> {
  const action = actionOf(alert.action);
  const target = present(alert.market_position);
  const entry = !target && action !== 'close' && (action !== undefined || present(alert.action));
  if (!entry && !target) return alert;
  const alertSizes = SIZING_FIELDS.some((f) => present(alert[f]));
  const usable = (field: string) =>
    SETTING_FIELDS.includes(field) ||
    (entry && PROTECTION_FIELDS.includes(field)) ||
    (entry && !alertSizes && SIZING_FIELDS.includes(field));
  const merged = { ...alert };
  for (const [field, value] of Object.entries(defaults)) {
    if (usable(field) && !present(alert[field])) merged[field] = value;
  }
  return merged;
}

/**
 * Defaults are checked as an alert would be (a buy on BTCUSDT carrying them):
 * what an alert may not send, a bot may not default. Throws a 400 naming the field.
 */
export function checkBotDefaults(defaults: unknown): BotDefaults {
  if (typeof defaults !== 'object' || defaults === null || Array.isArray(defaults)) {
    throw new BadRequestException('defaults must be an object of alert fields');
  }
  const fields = Object.keys(defaults);
  const foreign = fields.filter((f) => !DEFAULT_FIELDS.includes(f));
  for (const field of foreign) {
    // A misspelt default is named as an alert's misspelt field is: the field it most probably means.
    const meant = probablyMeant(field, fields);
    if (meant && meant !== field && DEFAULT_FIELDS.includes(meant)) {
      throw new BadRequestException({
        statusCode: 400,
        message: `defaults: unknown field "${field}": did you mean "${meant}"?`,
        suggestions: [`Rename "${field}" to "${meant}" in the bot's defaults`],
      });
    }
  }
  if (foreign.length) {
    throw new BadRequestException(
      `defaults may not set ${foreign.join(', ')} (the alert always sends it): only ${DEFAULT_FIELDS.join(', ')}`,
    );
  }
  // An entry needs a leverage and a size: the probe brings them when the defaults do not.
  const given = defaults as BotDefaults;
  const sized = SIZING_FIELDS.some((f) => present(given[f]));
  const probe = {
    symbol: 'BTCUSDT',
    action: 'buy',
    leverage: 1,
    ...(sized ? {} : { balance_percentage: 0.1 }),
    ...given,
  };
  try {
    validateSignal(probe, ['BTCUSDT']);
  } catch (error) {
    if (error instanceof SignalRejection) {
      throw new BadRequestException({
        statusCode: 400,
        message: `defaults: ${error.message}`,
        suggestions: error.suggestions,
      });
    }
    throw error;
  }
  return defaults as BotDefaults;
}
