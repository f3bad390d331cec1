/** Reads the fake exchange's account the way a trader looks at Binance. */
import { FakeBinanceServer } from '../fake-binance/fake-binance-server';

/** Non-zero positions of a symbol as [positionSide, signed amount] pairs, sorted. */
export function positionsOf(fake: FakeBinanceServer, symbol: string): Array<[string, string]> {
  return (fake.engine.positionRisk(symbol) as Array<{ positionSide: string; positionAmt: string }>)
    .filter((p) => Number(p.positionAmt) !== 0)
    .map((p) => [p.positionSide, p.positionAmt] as [string, string])
    .sort();
}

export function orderRequestsTo(fake: FakeBinanceServer): Array<Record<string, string | undefined>> {
  return fake.requests.filter((r) => r.path === '/fapi/v1/order' && r.method === 'POST').map((r) => r.params);
}
