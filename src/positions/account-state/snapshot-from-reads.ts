/**
 * REST answers as account snapshots (pure). A complete one (every symbol's
 * positions and orders) lists every symbol, those without orders included, so
 * orders the stream missed while it was down are dropped.
 */
import Decimal from 'decimal.js';
import type {
  ConditionalOrder,
  OpenOrder,
  PositionMode,
  PositionSide,
  SymbolPositions,
  UsdtBalance,
} from '../../exchange/exchange.port';
import type { AccountSnapshot } from './account-events';

const SIDES: Record<PositionMode, PositionSide[]> = { 'one-way': ['BOTH'], hedge: ['LONG', 'SHORT'] };
const ZERO = new Decimal(0);

/** Every side of the mode, flat ones too (a side missing from the answer is flat). */
export function symbolFigures(positions: SymbolPositions, mode: PositionMode) {
  return {
    symbol: positions.symbol,
    leverage: positions.leverage,
    marginType: positions.marginType,
    positions: SIDES[mode].map((positionSide) => {
      const held = positions.positions.find((p) => p.positionSide === positionSide);
      const amount = !held ? ZERO : held.direction === 'SHORT' ? held.quantity.neg() : held.quantity;
      return { symbol: positions.symbol, positionSide, amount, entryPrice: held?.entryPrice ?? ZERO };
    }),
  };
}

export interface CompleteReads {
  balance: UsdtBalance;
  mode: PositionMode;
  symbols: SymbolPositions[];
  openOrders: OpenOrder[];
  conditionalOrders: ConditionalOrder[];
}

export function completeSnapshot(reads: CompleteReads, asOf: number, generation: number): AccountSnapshot {
  const names = new Set([
    ...reads.symbols.map((s) => s.symbol),
    ...reads.openOrders.map((o) => o.symbol),
    ...reads.conditionalOrders.map((o) => o.symbol),
  ]);
  return {
    asOf,
    generation,
    mode: reads.mode,
    balance: { wallet: reads.balance.wallet, crossWallet: reads.balance.wallet },
    symbols: reads.symbols.map((s) => symbolFigures(s, reads.mode)),
    openOrders: [...names].map((symbol) => ({ symbol, orders: reads.openOrders.filter((o) => o.symbol === symbol) })),
    conditionalOrders: [...names].map((symbol) => ({
      symbol,
      orders: reads.conditionalOrders.filter((o) => o.symbol === symbol),
    })),
    markPrices: reads.symbols.flatMap((s) => s.positions.map((p) => ({ symbol: s.symbol, markPrice: p.markPrice }))),
  };
}
