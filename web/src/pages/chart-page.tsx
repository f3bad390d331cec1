/**
 * A symbol's candles with our fills and its open stop / target levels; the
 * same fills and levels are listed under the chart.
 */
import { FormEvent, useMemo, useState } from 'react';
import { useFilledOrders, useKlines, useProtection } from '../api/queries';
import { Empty, ErrorNote, Loading } from '../components/bits';
import { FillMark, LevelLine, PriceChart } from '../components/price-chart';
import { amount, formText, time } from '../format';

const INTERVALS = ['1m', '5m', '15m', '1h', '4h', '1d'];

function levelKind(kind: string): LevelLine['kind'] {
  if (kind.includes('stop')) return 'stop';
  if (kind.includes('take') || kind.includes('target')) return 'target';
  return 'other';
}

export function ChartPage({ symbol: initial }: { symbol?: string }) {
  const [symbol, setSymbol] = useState((initial ?? 'BTCUSDT').toUpperCase());
  const [interval, setInterval] = useState('1m');
  const klines = useKlines(symbol, interval);
  const orders = useFilledOrders(symbol);
  const protection = useProtection(symbol);

  const fills = useMemo<FillMark[]>(
    () =>
      (orders.data?.items ?? [])
        .filter((o) => o.avg_price && o.executed_qty && o.symbol === symbol)
        .map((o) => ({
          time: Date.parse(o.answered_at ?? o.created_at),
          price: o.avg_price!,
          side: o.side,
          quantity: o.executed_qty!,
        })),
    [orders.data, symbol],
  );
  const levels = useMemo<LevelLine[]>(
    () =>
      (protection.data?.symbols[symbol] ?? [])
        .filter((p) => p.trigger_price)
        .map((p) => ({ price: p.trigger_price!, label: p.kind.replace(/_/g, ' '), kind: levelKind(p.kind) })),
    [protection.data, symbol],
  );

  function choose(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = formText(form, 'symbol').trim().toUpperCase();
    if (next) setSymbol(next);
    setInterval(formText(form, 'interval') || interval);
    window.history.replaceState(null, '', `#/chart?symbol=${encodeURIComponent(next || symbol)}`);
  }

  return (
    <>
      <h1>Chart: {symbol}</h1>
      <form className="filters" onSubmit={choose} aria-label="Choose the chart">
        <label>
          Symbol
          <input name="symbol" defaultValue={symbol} autoComplete="off" />
        </label>
        <label>
          Candles
          <select name="interval" defaultValue={interval}>
            {INTERVALS.map((i) => (
              <option key={i}>{i}</option>
            ))}
          </select>
        </label>
        <button type="submit">Show</button>
      </form>
      <ErrorNote error={klines.error ?? orders.error ?? protection.error} />
      {klines.isPending && <Loading />}
      {klines.data && (
        <PriceChart
          klines={klines.data.klines}
          fills={fills}
          levels={levels}
          label={`${symbol} ${interval} candles with our fills and protection levels`}
        />
      )}
      <section aria-labelledby="fills-title">
        <h2 id="fills-title">Our fills</h2>
        {fills.length === 0 ? (
          <Empty>No filled order of ours on {symbol}.</Empty>
        ) : (
          <div className="table-wrap">
            <table data-testid="fills-table">
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Side</th>
                  <th scope="col" className="num">
                    Quantity
                  </th>
                  <th scope="col" className="num">
                    Price
                  </th>
                </tr>
              </thead>
              <tbody>
                {fills.map((f, i) => (
                  <tr key={i}>
                    <td>{time(new Date(f.time).toISOString())}</td>
                    <td>{f.side}</td>
                    <td className="num">{amount(f.quantity)}</td>
                    <td className="num">{amount(f.price)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="levels-title">
        <h2 id="levels-title">Open protection</h2>
        {levels.length === 0 ? (
          <Empty>No open stop loss or take profit on {symbol}.</Empty>
        ) : (
          <ul>
            {levels.map((l, i) => (
              <li key={i}>
                {l.label} at {amount(l.price)}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
