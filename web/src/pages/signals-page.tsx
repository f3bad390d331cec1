/**
 * Signals, newest first, with the admin API's filters and cursor pages. New
 * signals appear as they are recorded (live events refresh the first page).
 */
import { FormEvent, useState } from 'react';
import { SignalFilters, useSignals } from '../api/queries';
import { Empty, ErrorNote, Loading, StatusBadge } from '../components/bits';
import { amount, formText, ms, time } from '../format';
import { href } from '../router';

const STATUSES = ['received', 'processing', 'executed', 'partial', 'failed', 'rejected', 'skipped', 'duplicate'];
const ACTIONS = ['buy', 'sell', 'close', 'target'];
const ROUTES = ['advanced-trading', 'state-aware-ma-cross'];

function initialFilters(): SignalFilters {
  const params = new URLSearchParams(window.location.hash.split('?')[1] ?? '');
  return { status: params.get('status') ?? undefined, symbol: params.get('symbol') ?? undefined };
}

export function SignalsPage() {
  const [filters, setFilters] = useState<SignalFilters>(initialFilters);
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const signals = useSignals(filters, cursor);

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => formText(form, name) || undefined;
    // datetime-local is the browser's local time: sent as the ISO instant it names.
    const instant = (name: string) => (value(name) ? new Date(value(name)!).toISOString() : undefined);
    setFilters({
      symbol: value('symbol'),
      status: value('status'),
      action: value('action'),
      route: value('route'),
      from: instant('from'),
      to: instant('to'),
    });
    setCursors([]);
  }

  return (
    <>
      <h1>Signals</h1>
      <form className="filters" onSubmit={apply} aria-label="Filter signals">
        <label>
          Symbol
          <input name="symbol" defaultValue={filters.symbol} placeholder="BTCUSDT" autoComplete="off" />
        </label>
        <label>
          Status
          <select name="status" defaultValue={filters.status ?? ''}>
            <option value="">any</option>
            {STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Action
          <select name="action" defaultValue={filters.action ?? ''}>
            <option value="">any</option>
            {ACTIONS.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </label>
        <label>
          Route
          <select name="route" defaultValue={filters.route ?? ''}>
            <option value="">any</option>
            {ROUTES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <label>
          From
          <input name="from" type="datetime-local" />
        </label>
        <label>
          To
          <input name="to" type="datetime-local" />
        </label>
        <button type="submit">Apply</button>
      </form>
      {signals.error && <ErrorNote error={signals.error} />}
      {signals.isPending ? (
        <Loading />
      ) : signals.data && signals.data.items.length === 0 ? (
        <Empty>No signal matches.</Empty>
      ) : (
        signals.data && (
          <div className="table-wrap">
            <table className="stack-on-phone" data-testid="signals-table">
              <caption className="visually-hidden">Signals, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Received</th>
                  <th scope="col">Symbol</th>
                  <th scope="col">Action</th>
                  <th scope="col">Status</th>
                  <th scope="col">Mode</th>
                  <th scope="col" className="num">
                    Quantity
                  </th>
                  <th scope="col" className="num">
                    Latency
                  </th>
                  <th scope="col">Error</th>
                </tr>
              </thead>
              <tbody>
                {signals.data.items.map((s) => (
                  <tr key={s.id} data-signal-id={s.id}>
                    <td data-label="Received">
                      <a href={href.signal(s.id)} aria-label={`Signal ${s.id}, ${s.status}`}>
                        {time(s.received_at)}
                      </a>
                      {s.replay_of && <span className="tag">replay</span>}
                    </td>
                    <td data-label="Symbol">{s.symbol ?? '—'}</td>
                    <td data-label="Action">{s.action ?? '—'}</td>
                    <td data-label="Status">
                      <StatusBadge status={s.status} />
                    </td>
                    <td data-label="Mode">
                      {s.mode ?? '—'}
                      {s.parent_id && <span className="tag">account</span>}
                    </td>
                    <td data-label="Quantity" className="num">
                      {amount(s.quantity)}
                    </td>
                    <td data-label="Latency" className="num">
                      {ms(s.latency_ms)}
                    </td>
                    <td data-label="Error" className="error-cell">
                      {s.error_code ? `${s.error_code}: ${s.error ?? ''}` : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      )}
      <nav className="pager" aria-label="Pages of signals">
        <button type="button" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
          Newer
        </button>
        <button
          type="button"
          disabled={!signals.data?.next_cursor}
          onClick={() => signals.data?.next_cursor && setCursors([...cursors, signals.data.next_cursor])}
        >
          Older
        </button>
      </nav>
    </>
  );
}
