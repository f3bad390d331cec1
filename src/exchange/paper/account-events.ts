/**
 * The simulated account's stream events: every change the engine makes is
 * pushed as Binance's user-data stream would push it (order updates, balance
 * and position updates, conditional-order updates, configuration updates,
 * mark prices), and the changes Binance makes on its own are simulated here:
 * funding fees, liquidations, auto-deleveraging and margin calls.
 *
 * Shapes and markers follow Binance's USD-M user-data stream documentation
 * (https://developers.binance.com/docs/derivatives/usds-margined-futures/user-data-streams):
 * "Event: Order Update" (a liquidation's client order id starts with
 * "autoclose-", an ADL's is "adl_autoclose", order type LIQUIDATION, execution
 * CALCULATED), "Event: Balance and Position Update" (reason FUNDING_FEE for a
 * funding settlement) and "Event: Margin Call".
 */
import Decimal from 'decimal.js';
import type { AlgoOrder } from './algo-order-book';
import type { EngineTrade } from './account-history';
import type { AccountHistory } from './account-history';
import type { EngineOrder } from './engine-order';
import type { EngineStream, StreamPayload } from './engine-stream';
import type { CatalogueSymbol } from './market-catalogue';
import type { MarginType } from '../../common/margin-types';
import type { PositionSide } from '../../common/order-sides';
import type { EnginePosition } from './position-math';
import {
  accountUpdate,
  algoUpdate,
  leverageConfigUpdate,
  marginCall,
  markPriceUpdate,
  multiAssetsConfigUpdate,
  orderTradeUpdate,
  StreamPosition,
} from './user-stream-payloads';

/** Binance's default funding rate shown by premiumIndex and the mark-price stream. */
const FUNDING_RATE = '0.00010000';
const FUNDING_INTERVAL_MS = 8 * 3_600_000;
/** Maintenance margin rate used for MARGIN_CALL's "mm" (the first bracket of the major symbols). */
const MAINTENANCE_RATE = new Decimal('0.004');

/** What of the engine the events read and change (the engine itself, without importing it). */
export interface EventAccount {
  readonly stream: EngineStream;
  readonly history: AccountHistory;
  readonly positions: Map<string, EnginePosition>;
  wallet: Decimal;
  readonly dualSidePosition: boolean;
  now(): number;
  catalogue(symbol: string): CatalogueSymbol;
  priceOf(symbol: string): Decimal;
  setting(symbol: string): { leverage: number; marginType: MarginType };
  unrealized(symbol: string, position: EnginePosition): Decimal;
  place(params: Record<string, string | undefined>, forced?: 'LIQUIDATION' | 'ADL'): EngineOrder;
}

export class AccountEvents {
  /** Realised PnL accumulated per position (ACCOUNT_UPDATE's "cr"). */
  private readonly accumulated = new Map<string, Decimal>();

  constructor(private readonly engine: EventAccount) {}

  clear(): void {
    this.accumulated.clear();
  }

  filled(order: EngineOrder, trade: EngineTrade, forced?: 'LIQUIDATION' | 'ADL'): void {
    const k = `${order.symbol}|${order.positionSide}`;
    this.accumulated.set(k, (this.accumulated.get(k) ?? new Decimal(0)).add(trade.realizedPnl));
    const e = this.engine;
    e.stream.user(() => {
      const s = e.catalogue(order.symbol);
      const now = e.now();
      const type = forced === 'LIQUIDATION' ? 'LIQUIDATION' : order.type;
      const shown = { ...order, type };
      const accepted = { ...shown, status: 'NEW' as const, executedQty: new Decimal(0), avgPrice: new Decimal(0) };
      const execution = forced === 'LIQUIDATION' ? ('CALCULATED' as const) : ('TRADE' as const);
      return [
        // A liquidation is reported only by its execution; orders are accepted (NEW) first.
        ...(forced === 'LIQUIDATION' ? [] : [orderTradeUpdate(accepted, s, { type: 'NEW' }, now)]),
        accountUpdate('ORDER', [this.usdt(new Decimal(0))], [this.position(order.symbol, order.positionSide)], now),
        orderTradeUpdate(
          shown,
          s,
          {
            type: execution,
            lastQty: trade.qty,
            lastPrice: trade.price,
            commission: trade.commission,
            tradeId: trade.id,
            realizedPnl: trade.realizedPnl,
          },
          now,
        ),
      ];
    });
  }

  orderPlaced(order: EngineOrder): void {
    const e = this.engine;
    e.stream.user(() => orderTradeUpdate(order, e.catalogue(order.symbol), { type: 'NEW' }, e.now()));
  }

  orderCanceled(order: EngineOrder): void {
    const e = this.engine;
    e.stream.user(() => orderTradeUpdate(order, e.catalogue(order.symbol), { type: 'CANCELED' }, e.now()));
  }

  algoChanged(order: AlgoOrder, executedQty?: Decimal): void {
    const e = this.engine;
    e.stream.user(() => algoUpdate(order, e.catalogue(order.symbol), e.now(), executedQty));
  }

  leverageChanged(symbol: string, leverage: number): void {
    this.engine.stream.user(() => leverageConfigUpdate(symbol, leverage, this.engine.now()));
  }

  multiAssetsChanged(on: boolean): void {
    this.engine.stream.user(() => multiAssetsConfigUpdate(on, this.engine.now()));
  }

  /**
   * "Event: Balance and Position Update": ACCOUNT_UPDATE "will be pushed only when update happens on user's
   * account, including changes on balances, positions, or margin type", reason MARGIN_TYPE_CHANGE, with only
   * the changed symbol's positions (not ACCOUNT_CONFIG_UPDATE, which is leverage and Multi-Assets mode).
   */
  marginTypeChanged(symbol: string): void {
    const e = this.engine;
    const sides: PositionSide[] = e.dualSidePosition ? ['LONG', 'SHORT'] : ['BOTH'];
    e.stream.user(() =>
      accountUpdate(
        'MARGIN_TYPE_CHANGE',
        [],
        sides.map((side) => this.position(symbol, side)),
        e.now(),
      ),
    );
  }

  markPrice(symbol: string): void {
    this.engine.stream.market(() => this.markPricePayload(symbol));
  }

  /** The symbol's markPriceUpdate as of now (the fake's market streams push it on Binance's cadence). */
  markPricePayload(symbol: string): StreamPayload {
    const e = this.engine;
    const now = e.now();
    const next = Math.ceil((now + 1) / FUNDING_INTERVAL_MS) * FUNDING_INTERVAL_MS;
    return markPriceUpdate(symbol, e.priceOf(symbol), FUNDING_RATE, next, now);
  }

  /**
   * A funding settlement on `symbol` at `rate`: longs pay shorts when the rate
   * is positive. The wallet changes, income history gets a FUNDING_FEE entry
   * per position, and ACCOUNT_UPDATE (reason FUNDING_FEE) carries the balance
   * only for cross positions, the isolated position too otherwise.
   */
  fundingFee(symbol: string, rate: Decimal.Value): Decimal {
    const e = this.engine;
    const s = e.catalogue(symbol);
    let total = new Decimal(0);
    for (const side of ['BOTH', 'LONG', 'SHORT'] as const) {
      const position = e.positions.get(`${s.symbol}|${side}`);
      if (!position || position.amount.isZero()) continue;
      const fee = position.amount.mul(e.priceOf(s.symbol)).mul(rate).neg().toDecimalPlaces(8);
      e.wallet = e.wallet.add(fee);
      total = total.add(fee);
      e.history.recordIncome({ symbol: s.symbol, incomeType: 'FUNDING_FEE', income: fee });
      const isolated = e.setting(s.symbol).marginType === 'ISOLATED';
      e.stream.user(() =>
        accountUpdate('FUNDING_FEE', [this.usdt(fee)], isolated ? [this.position(s.symbol, side)] : [], e.now()),
      );
    }
    return total;
  }

  /**
   * Binance closes a position itself: a liquidation (client order id
   * "autoclose-<time>", order type LIQUIDATION, execution CALCULATED) or an
   * auto-deleveraging ("adl_autoclose"). Answers the closing order.
   */
  forceClose(symbol: string, positionSide: PositionSide, kind: 'LIQUIDATION' | 'ADL'): EngineOrder {
    const e = this.engine;
    const s = e.catalogue(symbol);
    const held = e.positions.get(`${s.symbol}|${positionSide}`)?.amount ?? new Decimal(0);
    if (held.isZero()) throw new Error(`no ${positionSide} position on ${s.symbol}`);
    const clientOrderId = kind === 'LIQUIDATION' ? `autoclose-${e.now()}` : 'adl_autoclose';
    return e.place(
      {
        symbol: s.symbol,
        side: held.isNegative() ? 'BUY' : 'SELL',
        positionSide,
        type: 'MARKET',
        quantity: held.abs().toFixed(),
        newClientOrderId: clientOrderId,
        ...(positionSide === 'BOTH' ? { reduceOnly: 'true' } : {}),
      },
      kind,
    );
  }

  /** MARGIN_CALL with every open position. */
  marginCall(): void {
    const e = this.engine;
    e.stream.user(() => {
      const positions = [...e.positions].map(([k, p]) => {
        const [symbol, side] = k.split('|') as [string, PositionSide];
        const mark = e.priceOf(symbol);
        const isolated = e.setting(symbol).marginType === 'ISOLATED';
        return {
          symbol,
          positionSide: side,
          amount: p.amount,
          marginType: isolated ? ('ISOLATED' as const) : ('CROSSED' as const),
          isolatedWallet: isolated ? p.margin : new Decimal(0),
          markPrice: mark,
          unrealized: e.unrealized(symbol, p),
          maintenanceMargin: p.amount.abs().mul(mark).mul(MAINTENANCE_RATE),
        };
      });
      return marginCall(e.wallet, positions, e.now());
    });
  }

  private usdt(change: Decimal) {
    const wallet = this.engine.wallet;
    return { asset: 'USDT', wallet, crossWallet: wallet, change };
  }

  private position(symbol: string, side: PositionSide): StreamPosition {
    const e = this.engine;
    const p = e.positions.get(`${symbol}|${side}`);
    const isolated = e.setting(symbol).marginType === 'ISOLATED';
    return {
      symbol,
      positionSide: side,
      amount: p?.amount ?? new Decimal(0),
      entryPrice: p?.entryPrice ?? new Decimal(0),
      accumulatedRealized: this.accumulated.get(`${symbol}|${side}`) ?? new Decimal(0),
      unrealized: p ? e.unrealized(symbol, p) : new Decimal(0),
      marginType: isolated ? 'ISOLATED' : 'CROSSED',
      isolatedWallet: isolated && p ? p.margin : new Decimal(0),
    };
  }
}
