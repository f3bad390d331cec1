/**
 * The straightforward bot the benchmark compares the service with: on every
 * alert it reads balance, price, exchange info and positions, closes the
 * opposite position, sets leverage and margin type, then sends its order —
 * eight calls through binance-api-node, awaited one after another, against
 * the same fake and the same latency L as the service. It trades its own
 * account on the fake so it never disturbs the service's positions.
 *
 * Each alert reverses the position (long → short → long), the job the service
 * does in its reversal scenario, so every one of the eight calls is made.
 */
import Binance from 'binance-api-node';
import Decimal from 'decimal.js';
import { BenchEnvironment } from './bench-service';
import { OPEN_QUANTITY } from './fake-positions';

/** The calls of binance-api-node this bot makes (its typings do not cover every futures call). */
interface SimpleBotClient {
  futuresAccountBalance(payload?: object): Promise<Array<{ asset: string; availableBalance: string }>>;
  futuresPrices(payload: { symbol: string }): Promise<Record<string, string>>;
  futuresExchangeInfo(): Promise<{ symbols: Array<{ symbol: string; filters: Array<Record<string, string>> }> }>;
  futuresPositionRisk(payload: { symbol: string }): Promise<Array<{ positionAmt: string }>>;
  futuresOrder(payload: Record<string, string>): Promise<unknown>;
  futuresLeverage(payload: { symbol: string; leverage: number }): Promise<unknown>;
  futuresMarginType(payload: { symbol: string; marginType: string }): Promise<unknown>;
}

const API_KEY = 'bench-sequential-bot';
const SYMBOL = 'ETHUSDT';

function percentile50(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor((sorted.length - 1) / 2)] * 10) / 10;
}

/** One alert the simple way: answers when its order is filled. */
async function simpleAlert(client: SimpleBotClient, side: 'BUY' | 'SELL'): Promise<void> {
  const balances = await client.futuresAccountBalance();
  const available = new Decimal(balances.find((b) => b.asset === 'USDT')?.availableBalance ?? '0');
  const price = new Decimal((await client.futuresPrices({ symbol: SYMBOL }))[SYMBOL]);
  const info = await client.futuresExchangeInfo();
  const filters = info.symbols.find((s) => s.symbol === SYMBOL)?.filters ?? [];
  const step = new Decimal(filters.find((f) => f.filterType === 'MARKET_LOT_SIZE')?.stepSize ?? '0.001');
  const positions = await client.futuresPositionRisk({ symbol: SYMBOL });
  const held = new Decimal(positions[0]?.positionAmt ?? '0');
  if ((side === 'BUY' && held.lt(0)) || (side === 'SELL' && held.gt(0)))
    await client.futuresOrder({
      symbol: SYMBOL,
      side,
      type: 'MARKET',
      quantity: held.abs().toString(),
      reduceOnly: 'true',
    });
  await client.futuresLeverage({ symbol: SYMBOL, leverage: 5 });
  // Binance answers -4046 when the margin type is already the one asked for; the simple bot ignores it.
  await client.futuresMarginType({ symbol: SYMBOL, marginType: 'CROSSED' }).catch(() => undefined);
  const wanted = Decimal.max(
    available.mul(0.0001).mul(5).div(price).toNearest(step, Decimal.ROUND_DOWN),
    new Decimal(OPEN_QUANTITY[SYMBOL]),
  );
  await client.futuresOrder({ symbol: SYMBOL, side, type: 'MARKET', quantity: wanted.toString() });
}

/** The median time of one alert through the simple bot, in ms, with L per request. */
export async function sequentialBaseline(env: BenchEnvironment, alerts: number, latency: number): Promise<number> {
  if (!env.fake.accounts.all().some((a) => a.apiKey === API_KEY))
    env.fake.accounts.add({ apiKey: API_KEY, apiSecret: `${API_KEY}-secret`, walletUsdt: '1000000' });
  const client = Binance({
    apiKey: API_KEY,
    apiSecret: `${API_KEY}-secret`,
    httpFutures: env.fake.url,
  }) as unknown as SimpleBotClient;
  env.fake.latencyMs = 0;
  await simpleAlert(client, 'SELL'); // warm: connections open, a position to reverse
  env.fake.latencyMs = latency;
  const times: number[] = [];
  try {
    for (let n = 0; n < alerts; n++) {
      const started = performance.now();
      await simpleAlert(client, n % 2 === 0 ? 'BUY' : 'SELL');
      times.push(performance.now() - started);
    }
  } finally {
    env.fake.latencyMs = 0;
  }
  return percentile50(times);
}
