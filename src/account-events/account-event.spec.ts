import Decimal from 'decimal.js';
import type { OrderUpdateEvent } from '../exchange/streams/account-stream-events';
import {
  eventFromAlgoUpdate,
  eventFromIncome,
  eventFromOrderUpdate,
  eventFromTrade,
  eventsFromMarginCall,
  forcedCloseKind,
  signalIdOf,
} from './account-event';
import { pnlRowJson } from './account-event-json';

const d = (v: string) => new Decimal(v);
const order = (over: Partial<OrderUpdateEvent> = {}): OrderUpdateEvent => ({
  type: 'order',
  eventTime: 1_800_000_000_100,
  transactionTime: 1_800_000_000_090,
  symbol: 'BTCUSDT',
  clientOrderId: 'tvb_mfz1abc0123456789ab_op',
  orderId: '8389765004',
  side: 'BUY',
  positionSide: 'BOTH',
  orderType: 'MARKET',
  originalOrderType: 'MARKET',
  executionType: 'TRADE',
  orderStatus: 'FILLED',
  quantity: d('0.01'),
  price: d('0'),
  averagePrice: d('50000'),
  lastFilledQuantity: d('0.01'),
  filledQuantity: d('0.01'),
  lastFilledPrice: d('50000'),
  commission: d('0.2'),
  commissionAsset: 'USDT',
  tradeTime: 1_800_000_000_080,
  tradeId: '698759003',
  realizedProfit: d('0'),
  reduceOnly: false,
  closePosition: false,
  ...over,
});

describe('account events from Binance', () => {
  it('a fill is keyed by symbol and trade id, the same from the stream and from userTrades', () => {
    const streamed = eventFromOrderUpdate(order())!;
    const historic = eventFromTrade({
      symbol: 'BTCUSDT',
      id: '698759003',
      orderId: '8389765004',
      side: 'BUY',
      positionSide: 'BOTH',
      price: d('50000'),
      qty: d('0.01'),
      realizedPnl: d('0'),
      commission: d('0.2'),
      commissionAsset: 'USDT',
      maker: false,
      time: 1_800_000_000_080,
    });
    expect(streamed.eventKey).toBe('fill:BTCUSDT:698759003');
    expect(historic.eventKey).toBe(streamed.eventKey);
    expect(streamed).toMatchObject({ kind: 'FILL', price: d('50000'), commission: d('0.2'), source: 'stream' });
    expect(streamed.occurredAt).toEqual(new Date(1_800_000_000_080));
  });

  it('only executions are fills: NEW, CANCELED and EXPIRED updates are not recorded', () => {
    for (const executionType of ['NEW', 'CANCELED', 'EXPIRED', 'AMENDMENT'])
      expect(eventFromOrderUpdate(order({ executionType }))).toBeUndefined();
  });

  it("Binance's own closes: liquidation (CALCULATED or autoclose-) and ADL (adl_autoclose)", () => {
    expect(eventFromOrderUpdate(order({ executionType: 'CALCULATED', clientOrderId: 'autoclose-1' }))).toMatchObject({
      kind: 'LIQUIDATION',
      origin: 'BINANCE',
    });
    expect(eventFromOrderUpdate(order({ clientOrderId: 'adl_autoclose' }))).toMatchObject({
      kind: 'ADL',
      origin: 'BINANCE',
    });
    expect(forcedCloseKind('settlement_autoclose-5')).toBe('LIQUIDATION');
    expect(forcedCloseKind('tvb_x_op')).toBeUndefined();
    expect(eventFromOrderUpdate(order())!.origin).toBeUndefined();
  });

  it('reads the signal id inside our client ids only', () => {
    expect(signalIdOf('tvb_mfz1abc0123456789ab_op')).toBe('mfz1abc0123456789ab');
    expect(signalIdOf('tvb_mfz1abc0123456789ab_tp3')).toBe('mfz1abc0123456789ab');
    expect(signalIdOf('tvb_mfz1abc0123456789ab_sl-1')).toBe('mfz1abc0123456789ab');
    for (const other of ['web_123', 'manual-1', 'autoclose-17', undefined, 'tvb_', 'xtvb_abcdefgh_op'])
      expect(signalIdOf(other)).toBeUndefined();
  });

  it('a conditional order is recorded once it triggered (one key per algo order), not when placed or cancelled', () => {
    const base = {
      type: 'algo' as const,
      eventTime: 2,
      transactionTime: 2,
      symbol: 'BTCUSDT',
      clientAlgoId: 'tvb_mfz1abc0123456789ab_sl',
      algoId: '1000000022700001',
      orderType: 'STOP_MARKET',
      side: 'SELL' as const,
      positionSide: 'BOTH' as const,
      quantity: d('0'),
      triggerPrice: d('45000'),
      price: d('0'),
      actualOrderId: '',
      closePosition: true,
      reduceOnly: false,
      triggerTime: 0,
    };
    expect(eventFromAlgoUpdate({ ...base, status: 'NEW' })).toBeUndefined();
    expect(eventFromAlgoUpdate({ ...base, status: 'CANCELED' })).toBeUndefined();
    expect(eventFromAlgoUpdate({ ...base, status: 'TRIGGERING', triggerTime: 5 })).toBeUndefined();
    const triggered = eventFromAlgoUpdate({ ...base, status: 'TRIGGERED', triggerTime: 5, actualOrderId: '77' })!;
    const finished = eventFromAlgoUpdate({ ...base, status: 'FINISHED', triggerTime: 5, actualOrderId: '77' })!;
    expect(triggered).toMatchObject({
      kind: 'CONDITIONAL_TRIGGER',
      eventKey: 'trigger:1000000022700001',
      orderId: '77',
    });
    expect(finished.eventKey).toBe(triggered.eventKey);
    expect(
      eventFromAlgoUpdate({ ...base, status: 'REJECTED', triggerTime: 5, rejectReason: 'No position' }),
    ).toMatchObject({
      details: expect.objectContaining({ status: 'REJECTED', rejectReason: 'No position' }),
    });
  });

  it('funding fees come from income history (keyed by tranId); other income is covered by fills', () => {
    const income = {
      symbol: 'ETHUSDT',
      income: d('-0.06'),
      asset: 'USDT',
      info: '',
      time: 3,
      tranId: '9689322000',
      tradeId: '',
    };
    expect(eventFromIncome({ ...income, incomeType: 'FUNDING_FEE' })).toMatchObject({
      eventKey: 'income:9689322000',
      kind: 'FUNDING_FEE',
      origin: 'BINANCE',
      amount: d('-0.06'),
    });
    for (const incomeType of ['REALIZED_PNL', 'COMMISSION', 'TRANSFER'])
      expect(eventFromIncome({ ...income, incomeType })).toBeUndefined();
  });

  it('a margin call gives one row per position named', () => {
    const rows = eventsFromMarginCall({
      type: 'marginCall',
      eventTime: 9,
      crossWalletBalance: d('3.16'),
      positions: ['LONG', 'SHORT'].map((positionSide) => ({
        symbol: 'ETHUSDT',
        positionSide: positionSide as 'LONG' | 'SHORT',
        amount: d('1'),
        marginType: 'CROSSED' as const,
        isolatedWallet: d('0'),
        markPrice: d('187'),
        unrealizedPnl: d('-1'),
        maintenanceMargin: d('1.6'),
      })),
    });
    expect(rows.map((r) => r.eventKey)).toEqual(['margin-call:9:ETHUSDT:LONG', 'margin-call:9:ETHUSDT:SHORT']);
  });

  it('net is realised PnL less fees plus funding, exactly', () => {
    expect(
      pnlRowJson({
        key: 'BTCUSDT',
        realized_pnl: d('10.1'),
        fees: d('0.2'),
        funding: d('-0.03'),
        trades: 3n,
        wins: 2n,
        losses: 1n,
      }),
    ).toEqual({
      key: 'BTCUSDT',
      realized_pnl: '10.1',
      fees: '0.2',
      funding: '-0.03',
      net: '9.87',
      trades: 3,
      wins: 2,
      losses: 1,
    });
  });
});
