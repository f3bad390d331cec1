/**
 * The engine's account as plain JSON (decimals as strings), so the paper
 * exchange can keep it in Postgres and a restart keeps paper positions.
 */
import Decimal from 'decimal.js';
import type { MarginType } from '../../common/margin-types';
import { AlgoOrder } from './algo-order-book';
import type { EngineOrder } from './engine-order';
import { FuturesEngine } from './futures-engine';

const ALGO_DECIMALS = [
  'quantity',
  'triggerPrice',
  'price',
  'activatePrice',
  'callbackRate',
  'extreme',
  'actualPrice',
] as const;
type AlgoDecimal = (typeof ALGO_DECIMALS)[number];
type StoredAlgoOrder = Omit<AlgoOrder, AlgoDecimal> & Partial<Record<AlgoDecimal, string>>;

export interface EngineSnapshot {
  version: 1;
  wallet: string;
  dualSidePosition: boolean;
  /** Absent in snapshots written before Multi-Assets mode was simulated. */
  multiAssetsMargin?: boolean;
  nextOrderId: number;
  settings: Array<[string, { leverage: number; marginType: MarginType }]>;
  positions: Array<[string, { amount: string; entryPrice: string; margin: string; updateTime: number }]>;
  orders: Array<
    Omit<EngineOrder, 'price' | 'origQty' | 'executedQty' | 'avgPrice'> & {
      price: string;
      origQty: string;
      executedQty: string;
      avgPrice: string;
    }
  >;
  prices: Array<[string, string]>;
  /** Open conditional orders and the latest finished ones (absent in snapshots written before they existed). */
  algoOrders?: StoredAlgoOrder[];
  nextAlgoId?: number;
}

/** Finished orders kept in the snapshot (enough to look recent ones up by client order id). */
const KEPT_FINISHED_ORDERS = 1000;

export function snapshotEngine(engine: FuturesEngine): EngineSnapshot {
  const all = [...engine.orders.values()];
  const finished = all.filter((o) => o.status !== 'NEW');
  const kept = new Set([...all.filter((o) => o.status === 'NEW'), ...finished.slice(-KEPT_FINISHED_ORDERS)]);
  return {
    version: 1,
    wallet: engine.wallet.toString(),
    dualSidePosition: engine.dualSidePosition,
    multiAssetsMargin: engine.multiAssetsMargin,
    nextOrderId: engine.nextOrderId,
    settings: [...engine.settings],
    positions: [...engine.positions].map(([k, p]) => [
      k,
      {
        amount: p.amount.toString(),
        entryPrice: p.entryPrice.toString(),
        margin: p.margin.toString(),
        updateTime: p.updateTime,
      },
    ]),
    orders: all
      .filter((o) => kept.has(o))
      .map((o) => ({
        ...o,
        price: o.price.toString(),
        origQty: o.origQty.toString(),
        executedQty: o.executedQty.toString(),
        avgPrice: o.avgPrice.toString(),
      })),
    prices: [...engine.prices].map(([s, p]) => [s, p.toString()]),
    algoOrders: keptAlgoOrders(engine).map(storeAlgoOrder),
    nextAlgoId: engine.algo.nextAlgoId,
  };
}

function keptAlgoOrders(engine: FuturesEngine): AlgoOrder[] {
  const all = [...engine.algo.orders.values()];
  const finished = all.filter((o) => o.algoStatus !== 'NEW').slice(-KEPT_FINISHED_ORDERS);
  return all.filter((o) => o.algoStatus === 'NEW' || finished.includes(o));
}

function storeAlgoOrder(order: AlgoOrder): StoredAlgoOrder {
  const stored: Record<string, unknown> = { ...order };
  for (const field of ALGO_DECIMALS) stored[field] = order[field]?.toString();
  return stored as StoredAlgoOrder;
}

function restoreAlgoOrder(stored: StoredAlgoOrder): AlgoOrder {
  const order: Record<string, unknown> = { ...stored };
  for (const field of ALGO_DECIMALS) {
    order[field] = stored[field] === undefined ? undefined : new Decimal(stored[field]);
  }
  return order as unknown as AlgoOrder;
}

export function restoreEngine(engine: FuturesEngine, snapshot: EngineSnapshot): void {
  engine.wallet = new Decimal(snapshot.wallet);
  engine.dualSidePosition = snapshot.dualSidePosition;
  engine.multiAssetsMargin = snapshot.multiAssetsMargin ?? false;
  engine.nextOrderId = snapshot.nextOrderId;
  engine.settings.clear();
  for (const [symbol, setting] of snapshot.settings) engine.settings.set(symbol, setting);
  engine.positions.clear();
  for (const [k, p] of snapshot.positions)
    engine.positions.set(k, {
      amount: new Decimal(p.amount),
      entryPrice: new Decimal(p.entryPrice),
      margin: new Decimal(p.margin),
      updateTime: p.updateTime,
    });
  engine.orders.clear();
  for (const o of snapshot.orders)
    engine.orders.set(o.orderId, {
      ...o,
      price: new Decimal(o.price),
      origQty: new Decimal(o.origQty),
      executedQty: new Decimal(o.executedQty),
      avgPrice: new Decimal(o.avgPrice),
    });
  for (const [symbol, price] of snapshot.prices) engine.prices.set(symbol, new Decimal(price));
  engine.algo.clear();
  for (const o of snapshot.algoOrders ?? []) engine.algo.orders.set(o.algoId, restoreAlgoOrder(o));
  if (snapshot.nextAlgoId) engine.algo.nextAlgoId = snapshot.nextAlgoId;
  engine.reindex();
}
