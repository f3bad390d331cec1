/**
 * The overview: today's PnL, fees, funding and win rate and cumulative PnL
 * (from the account's recorded events, when this service records them), the
 * signals of the last 24 hours by status with latency, the balance and the
 * open positions with their unrealized PnL.
 */
import { usePnl, usePositions, useStats } from '../api/queries';
import type { PnlRow } from '../api/types';
import { Empty, ErrorNote, Figure, Loading } from '../components/bits';
import { LineChart } from '../components/line-chart';
import { PositionsTable } from '../components/positions-table';
import { amount, ms, percent, signed, sum, tone } from '../format';
import { href } from '../router';
import Decimal from 'decimal.js';

const DAY_MS = 86_400_000;

function cumulative(rows: PnlRow[]) {
  let total = new Decimal(0);
  return [...rows]
    .sort((a, b) => a.key.localeCompare(b.key))
    .map((row) => {
      total = total.add(row.net);
      return { day: row.key, value: total.toFixed() };
    });
}

function PnlSection() {
  const since = new Date(Date.now() - 90 * DAY_MS).toISOString().slice(0, 10);
  const pnl = usePnl('day', since);
  if (pnl.isPending) return <Loading />;
  if (pnl.error) return <ErrorNote error={pnl.error} />;
  if (!pnl.data.available) {
    return (
      <Empty>
        Realized PnL, fees, funding and win rate come from the account events this service records from Binance. This
        service does not record them yet, so no figure is shown here.
      </Empty>
    );
  }
  const rows = pnl.data.rows;
  const today = rows.find((r) => r.key === new Date().toISOString().slice(0, 10));
  const wins = rows.reduce((n, r) => n + r.wins, 0);
  const losses = rows.reduce((n, r) => n + r.losses, 0);
  const net = sum(rows.map((r) => r.net));
  return (
    <>
      <dl className="figures">
        <Figure
          label="Today's net PnL (UTC)"
          value={today ? signed(today.net) : '0'}
          tone={tone(today?.net)}
          testId="today-pnl"
        />
        <Figure label="Today's fees" value={today ? amount(today.fees, 4) : '0'} />
        <Figure label="Today's funding" value={today ? signed(today.funding, 4) : '0'} tone={tone(today?.funding)} />
        <Figure
          label="Win rate (90 days)"
          value={wins + losses === 0 ? '—' : percent(wins / (wins + losses))}
          hint={`${wins} won, ${losses} lost`}
        />
        <Figure label="Net PnL (90 days)" value={signed(net)} tone={tone(net)} />
      </dl>
      {rows.length === 0 ? (
        <Empty>No realized PnL, fee or funding recorded in the last 90 days.</Empty>
      ) : (
        <>
          <h3>Cumulative net PnL (USDT), per day</h3>
          <LineChart points={cumulative(rows)} label="Cumulative net PnL per day over the last 90 days, in USDT" />
          <PnlBySymbol since={since} />
        </>
      )}
    </>
  );
}

function PnlBySymbol({ since }: { since: string }) {
  const pnl = usePnl('symbol', since);
  if (!pnl.data?.available || pnl.data.rows.length === 0) return null;
  return (
    <div className="table-wrap">
      <table className="stack-on-phone" data-testid="pnl-by-symbol">
        <caption className="visually-hidden">Profit and loss per symbol over the last 90 days</caption>
        <thead>
          <tr>
            <th scope="col">Symbol</th>
            <th scope="col" className="num">
              Realized PnL
            </th>
            <th scope="col" className="num">
              Fees
            </th>
            <th scope="col" className="num">
              Funding
            </th>
            <th scope="col" className="num">
              Net
            </th>
            <th scope="col" className="num">
              Trades
            </th>
            <th scope="col" className="num">
              Won / lost
            </th>
          </tr>
        </thead>
        <tbody>
          {pnl.data.rows.map((r) => (
            <tr key={r.key}>
              <th scope="row" data-label="Symbol">
                {r.key}
              </th>
              <td data-label="Realized PnL" className={`num tone-${tone(r.realized_pnl)}`}>
                {signed(r.realized_pnl)}
              </td>
              <td data-label="Fees" className="num">
                {amount(r.fees, 4)}
              </td>
              <td data-label="Funding" className={`num tone-${tone(r.funding)}`}>
                {signed(r.funding, 4)}
              </td>
              <td data-label="Net" className={`num tone-${tone(r.net)}`}>
                {signed(r.net)}
              </td>
              <td data-label="Trades" className="num">
                {r.trades}
              </td>
              <td data-label="Won / lost" className="num">
                {r.wins} / {r.losses}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SignalsSection() {
  // Whole minutes: the window (and so the query) stays the same from one render to the next.
  const from = new Date(Math.floor((Date.now() - DAY_MS) / 60_000) * 60_000).toISOString();
  const stats = useStats(from);
  if (stats.isPending) return <Loading />;
  if (stats.error) return <ErrorNote error={stats.error} />;
  const s = stats.data;
  return (
    <>
      <dl className="figures">
        <Figure label="Signals" value={s.total} testId="signals-total" />
        <Figure label="Success rate" value={percent(s.success_rate)} hint="executed / (executed + failed)" />
        <Figure label="Latency p50" value={ms(s.latency_ms.p50)} />
        <Figure label="Latency p95" value={ms(s.latency_ms.p95)} />
      </dl>
      {s.total === 0 ? (
        <Empty>No signal in the last 24 hours.</Empty>
      ) : (
        <ul className="status-counts" aria-label="Signals by status">
          {Object.entries(s.by_status).map(([status, count]) => (
            <li key={status}>
              <a href={`${href.signals}?status=${status}`} className={`badge status-${status}`}>
                {status} <strong>{count}</strong>
              </a>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function PositionsSection() {
  const positions = usePositions();
  if (positions.isPending) return <Loading />;
  if (positions.error) return <ErrorNote error={positions.error} />;
  const p = positions.data;
  const unrealized = sum(p.positions.map((x) => x.unrealized_pnl));
  return (
    <>
      <dl className="figures">
        <Figure label="Wallet (USDT)" value={amount(p.balance.wallet, 2)} />
        <Figure label="Available (USDT)" value={amount(p.balance.available, 2)} />
        <Figure label="Unrealized PnL" value={signed(unrealized)} tone={tone(unrealized)} />
        <Figure label="Open positions" value={p.positions.length} />
      </dl>
      {p.positions.length === 0 ? (
        <Empty>No open position.</Empty>
      ) : (
        <PositionsTable positions={p.positions} caption="Open positions" />
      )}
    </>
  );
}

export function OverviewPage() {
  return (
    <>
      <h1>Overview</h1>
      <section aria-labelledby="pnl-title">
        <h2 id="pnl-title">Profit and loss</h2>
        <PnlSection />
      </section>
      <section aria-labelledby="signals-title">
        <h2 id="signals-title">Signals, last 24 hours</h2>
        <SignalsSection />
      </section>
      <section aria-labelledby="positions-title">
        <h2 id="positions-title">Account</h2>
        <PositionsSection />
      </section>
    </>
  );
}
