/**
 * From what an alert asks (protection-request.ts) to the conditional orders
 * that carry it out (pure). Run twice: before the entry, against the current
 * price and the planned quantity, so that an alert whose protection cannot be
 * placed never opens a position; and after the fill, against the fill price
 * and the executed quantity, to build the orders actually sent.
 *
 * Trigger prices are rounded to the nearest tick of PRICE_FILTER (Binance
 * refuses others) and the answer shows the price placed beside the one asked.
 * A trigger on the wrong side of the price (a long's stop above it, its
 * targets below it) or outside the filter's range is refused.
 *
 * The stop loss closes the whole side (closePosition), so it keeps covering a
 * position that take profits have reduced; take profits and the trailing stop
 * carry quantities: reduce-only in one-way mode, by position side in hedge
 * mode (Binance refuses reduceOnly there, -1106).
 */
import Decimal from 'decimal.js';
import { SignalRejection } from '../../common/signal-rejection';
import type { ConditionalOrderRequest, PositionDirection, PositionMode } from '../../exchange/exchange.port';
import type { SymbolRules } from '../../exchange/symbol-rules';
import type { PriceTarget, ProtectionRequest } from './protection-request';
import { ladderQuantities } from './take-profit-ladder';

export type ProtectionKind = 'STOP_LOSS' | 'TAKE_PROFIT' | 'TRAILING_STOP';

export interface PlannedProtection {
  kind: ProtectionKind;
  /** Take profits: 1 to 5. */
  level?: number;
  /** Part of the client algo id: sl, tp1…tp5, ts. */
  code: string;
  order: ConditionalOrderRequest;
  /** The trigger (or activation) price as asked, before rounding to the tick. */
  askedPrice?: Decimal;
  sizePercent?: Decimal;
}

export interface PlanInput {
  request: ProtectionRequest;
  symbol: string;
  direction: PositionDirection;
  /** The current price (before the entry) or the fill price (after it). */
  reference: Decimal;
  /** The position's quantity (planned before the entry, held after it). */
  quantity: Decimal;
  rules: Pick<
    SymbolRules,
    'tickSize' | 'minPrice' | 'maxPrice' | 'marketStepSize' | 'marketMinQty' | 'marketMaxQty' | 'baseAsset'
  >;
  mode: PositionMode;
  /** Derives each order's client algo id from its code. */
  clientAlgoId: (code: string) => string;
}

export const PROTECTION_ADVICE = "A long's stop goes below the price and its targets above it; a short's the other way";

function refuse(message: string, suggestions: string[] = [PROTECTION_ADVICE]): SignalRejection {
  return new SignalRejection(message, 'INVALID_PROTECTION', 422, suggestions);
}

/** The nearest price on the tick grid (Binance checks (price − minPrice) % tickSize = 0). */
export function roundToTick(price: Decimal, tickSize: Decimal, minPrice: Decimal): Decimal {
  if (tickSize.lte(0)) return price;
  return minPrice.add(price.sub(minPrice).div(tickSize).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).mul(tickSize));
}

export function planProtection(input: PlanInput): PlannedProtection[] {
  const { request, direction, reference, quantity, rules, mode } = input;
  const long = direction === 'LONG';
  const exitSide = long ? 'SELL' : 'BUY';
  const positionSide = mode === 'hedge' ? direction : 'BOTH';
  const reduceOnly = mode === 'hedge' ? undefined : true;
  const base = { symbol: input.symbol, side: exitSide, positionSide, workingType: request.workingType } as const;
  const planned: PlannedProtection[] = [];

  /** A target's price: as given, or `percent` from the reference, against (stop) or with (target) the position. */
  const resolve = (target: PriceTarget, field: string, favourable: boolean) => {
    const asked =
      'price' in target
        ? target.price
        : reference.mul(new Decimal(1).add(target.percent.div(100).mul(favourable === long ? 1 : -1)));
    const price = roundToTick(asked, rules.tickSize, rules.minPrice);
    const side = favourable === long ? 'above' : 'below';
    if (price.lte(0) || price.lt(rules.minPrice) || (rules.maxPrice.gt(0) && price.gt(rules.maxPrice))) {
      const range = `${rules.minPrice.toString()}–${rules.maxPrice.gt(0) ? rules.maxPrice.toString() : '∞'}`;
      throw refuse(`${field} ${price.toString()} is outside the symbol's price range ${range}`);
    }
    const right = favourable === long ? price.gt(reference) : price.lt(reference);
    if (!right) {
      throw refuse(
        `${field} ${price.toString()} must be ${side} the current price ${reference.toString()} ` +
          `for a ${direction.toLowerCase()} (it would trigger at once)`,
      );
    }
    return { price, asked };
  };

  if (request.stopLoss) {
    const { price, asked } = resolve(request.stopLoss, 'stop_loss', false);
    planned.push({
      kind: 'STOP_LOSS',
      code: 'sl',
      askedPrice: asked,
      order: {
        ...base,
        type: 'STOP_MARKET',
        triggerPrice: price,
        closePosition: true,
        clientAlgoId: input.clientAlgoId('sl'),
      },
    });
  }

  const levels = request.takeProfits;
  const quantities = ladderQuantities(
    quantity,
    levels.map((l) => l.sizePercent),
    rules.marketStepSize,
  );
  levels.forEach((level, i) => {
    const field = levels.length === 1 ? 'take_profit' : `take_profits[${i}]`;
    const { price, asked } = resolve(level.target, field, true);
    const levelQuantity = quantities[i];
    if (levelQuantity.lt(rules.marketMinQty) || levelQuantity.lte(0)) {
      throw refuse(
        `${field} would close ${levelQuantity.toString()} ${rules.baseAsset} (${level.sizePercent.toString()}% of ` +
          `${quantity.toString()}), below the minimum quantity ${rules.marketMinQty.toString()} ${rules.baseAsset}`,
        ['Use fewer take profit levels or larger size_percent values, or a larger position'],
      );
    }
    const code = `tp${i + 1}`;
    planned.push({
      kind: 'TAKE_PROFIT',
      level: i + 1,
      code,
      askedPrice: asked,
      sizePercent: level.sizePercent,
      order: {
        ...base,
        type: 'TAKE_PROFIT_MARKET',
        triggerPrice: price,
        quantity: levelQuantity,
        reduceOnly,
        clientAlgoId: input.clientAlgoId(code),
      },
    });
  });

  if (request.trailingStop) {
    const { callbackRate, activation } = request.trailingStop;
    const activated = activation ? resolve(activation, 'trailing_stop activation', true) : undefined;
    planned.push({
      kind: 'TRAILING_STOP',
      code: 'ts',
      askedPrice: activated?.asked,
      order: {
        ...base,
        type: 'TRAILING_STOP_MARKET',
        quantity,
        reduceOnly,
        callbackRate,
        activatePrice: activated?.price,
        clientAlgoId: input.clientAlgoId('ts'),
      },
    });
  }
  const tooLarge = planned.find(
    (p) => p.order.quantity && rules.marketMaxQty.gt(0) && p.order.quantity.gt(rules.marketMaxQty),
  );
  if (tooLarge) {
    throw refuse(
      `The ${tooLarge.kind.toLowerCase().replace('_', ' ')} would carry ${tooLarge.order.quantity!.toString()} ` +
        `${rules.baseAsset}, above the maximum ${rules.marketMaxQty.toString()} of one order`,
      ['Use a smaller position, or a stop loss (it closes the whole position whatever its size)'],
    );
  }
  return planned;
}
