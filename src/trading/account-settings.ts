/**
 * What the account's own settings mean for a trade (pure): the margin type a
 * signal can have in Multi-Assets mode, the position value the leverage
 * bracket still allows, whether a hedge reversal's open fits the margin the
 * account has before its close, and advice for the settings Binance refuses.
 */
import Decimal from 'decimal.js';
import { SignalRejection } from '../common/signal-rejection';
import { ExchangeError } from '../exchange/exchange-error';
import type { SymbolBrackets } from '../exchange/exchange.port';
import type { MarginType } from '../common/margin-types';

export interface ResolvedMarginType {
  marginType: MarginType;
  /** Set when the account forced another margin type than the default. */
  note?: string;
}

/**
 * Binance refuses ISOLATED margin in Multi-Assets mode (-4168). A signal that
 * asked for ISOLATED itself is refused (the trader meant it); when ISOLATED
 * only comes from DEFAULT_MARGIN_TYPE the trade goes CROSSED, and says so.
 */
export function resolveMarginType(
  requested: MarginType | undefined,
  fallback: MarginType,
  multiAssets: boolean,
): ResolvedMarginType {
  const marginType = requested ?? fallback;
  if (!multiAssets || marginType !== 'ISOLATED') return { marginType };
  if (requested === 'ISOLATED') {
    throw new SignalRejection(
      'margin_type ISOLATED is not possible: the Binance account is in Multi-Assets mode, ' +
        'where every position is cross margin (Binance error -4168)',
      'MARGIN_TYPE_UNAVAILABLE',
      422,
      [
        'Send the signal with "margin_type": "CROSSED" or without margin_type',
        'Or switch the account to Single-Asset mode on Binance (Preferences → Asset Mode) to trade isolated',
      ],
    );
  }
  return {
    marginType: 'CROSSED',
    note:
      'Traded CROSSED instead of the default ISOLATED: the account is in Multi-Assets mode, ' +
      'where Binance refuses isolated margin (-4168)',
  };
}

/** The bracket's notional cap at `leverage`: the cap of the last bracket that still allows that leverage. */
export function notionalCapFor(symbolBrackets: SymbolBrackets | undefined, leverage: number): Decimal | undefined {
  const allowed = (symbolBrackets?.brackets ?? []).filter((b) => b.initialLeverage >= leverage);
  if (allowed.length === 0) return undefined; // unknown, or a leverage Binance refuses anyway (-4028)
  return Decimal.max(...allowed.map((b) => b.notionalCap));
}

/** Room under the bracket for this order: the cap less the position already held on the same side. */
export function bracketRoom(
  symbolBrackets: SymbolBrackets | undefined,
  leverage: number,
  heldNotional: Decimal,
): Decimal | undefined {
  const cap = notionalCapFor(symbolBrackets, leverage);
  if (!cap || !cap.isFinite()) return undefined;
  return Decimal.max(0, cap.sub(heldNotional));
}

/** Taker fee allowance (Binance's highest regular USDⓈ-M taker fee is 0.05%) and a price-move allowance on margin. */
const FEE_ALLOWANCE = new Decimal('0.001');
const PRICE_MOVE_ALLOWANCE = new Decimal('1.02');

/**
 * Whether the open of a hedge reversal is sure to pass Binance's margin check
 * with the account as it is before the close: only then may it share a batch
 * with the close (see TradingService.plan).
 */
export function openFitsBeforeClose(available: Decimal, notional: Decimal, leverage: number): boolean {
  return notional.div(leverage).mul(PRICE_MOVE_ALLOWANCE).add(notional.mul(FEE_ALLOWANCE)).lte(available);
}

/** A leverage or margin-type refusal, with advice about this position. */
export function explainSettingError(error: unknown, currentLeverage: number, requestedLeverage: number): unknown {
  if (!(error instanceof ExchangeError)) return error;
  if (error.code === -4161) {
    return new ExchangeError({
      code: error.code,
      httpStatus: error.httpStatus,
      kind: error.kind,
      title: error.title,
      venue: error.venue,
      exchangeMessage:
        `${error.exchangeMessage} The open isolated position uses ${currentLeverage}x; ` +
        `the signal asked for ${requestedLeverage}x.`,
      suggestions: [
        `Send the signal with leverage ${currentLeverage} or more while this isolated position is open`,
        'Or close the position first (a close signal), then open at the lower leverage',
        'Or use CROSSED margin for this symbol',
      ],
    });
  }
  return error;
}
