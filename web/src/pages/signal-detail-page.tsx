/**
 * One signal in full: what arrived, how it was sized, every order request and
 * answer, the protection placed, the account events it caused, the error with
 * its suggestions, and replay for a failed or refused one.
 */
import { useReplay, useSignal } from '../api/queries';
import type { SignalDetail } from '../api/types';
import { ErrorNote, Json, Loading, StatusBadge } from '../components/bits';
import { amount, ms, time } from '../format';
import { href } from '../router';

const REPLAYABLE = ['failed', 'partial', 'rejected'];

function Calculation({ calculation }: { calculation: SignalDetail['calculation'] }) {
  if (!calculation) return <p className="empty">No sizing: this signal placed no opening order.</p>;
  const rows = Object.entries(calculation).filter(([, v]) => v !== null && v !== undefined);
  return (
    <dl className="pairs" data-testid="calculation">
      {rows.map(([key, value]) => (
        <div key={key}>
          <dt>{key.replace(/_/g, ' ')}</dt>
          <dd>{typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? amount(value) : String(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

function Executions({ executions }: { executions: NonNullable<SignalDetail['executions']> }) {
  return (
    <ul data-testid="executions">
      {executions.map((e) => (
        <li key={e.id}>
          <a href={href.signal(e.id)}>{e.account ?? e.account_id ?? e.id}</a> <StatusBadge status={e.status} />{' '}
          {e.exchange?.mode ?? ''} HTTP {e.http_status ?? '—'}
          {e.error && ` (${e.error})`}
        </li>
      ))}
    </ul>
  );
}

function Orders({ orders, executions }: { orders: SignalDetail['orders']; executions: boolean }) {
  if (orders.length === 0 && executions)
    return <p className="empty">This alert's orders are each account's, under its execution above.</p>;
  if (orders.length === 0) return <p className="empty">No order was sent.</p>;
  return (
    <ol className="orders" data-testid="orders">
      {orders.map((o) => (
        <li key={o.id}>
          <h3>
            {o.purpose} {o.side} {amount(o.quantity)} {o.symbol} <StatusBadge status={o.status} />
          </h3>
          <p>
            Client order id <code>{o.client_order_id}</code>
            {o.exchange_order_id && (
              <>
                , exchange order <code>{o.exchange_order_id}</code>
              </>
            )}
            {o.avg_price && (
              <>
                , filled {amount(o.executed_qty)} at {amount(o.avg_price)}
              </>
            )}
            {o.error && (
              <>
                , error {o.error_code}: {o.error}
              </>
            )}
          </p>
          <details>
            <summary>Request and answer</summary>
            <Json value={o.request} label="Order request" />
            <Json value={o.response} label="Exchange answer" />
          </details>
        </li>
      ))}
    </ol>
  );
}

function AccountEvents({ events }: { events: SignalDetail['account_events'] }) {
  if (events === undefined) return <p className="empty">This service does not record account events yet.</p>;
  if (events.length === 0)
    return <p className="empty">No account event (realized PnL, fee, funding) recorded for this signal.</p>;
  return <Json value={events} label="Account events" />;
}

export function SignalDetailPage({ id }: { id: string }) {
  const signal = useSignal(id);
  const replay = useReplay();
  if (signal.isPending) return <Loading />;
  if (signal.error) return <ErrorNote error={signal.error} />;
  const s = signal.data;
  const replayable = REPLAYABLE.includes(s.status);
  return (
    <>
      <p>
        <a href={href.signals}>← Signals</a>
      </p>
      <h1>
        {s.action ?? 'signal'} {s.symbol ?? ''} <StatusBadge status={s.status} />
      </h1>
      <dl className="pairs">
        <div>
          <dt>Id</dt>
          <dd>
            <code>{s.id}</code>
          </dd>
        </div>
        <div>
          <dt>Received</dt>
          <dd>{time(s.received_at)}</dd>
        </div>
        <div>
          <dt>Route</dt>
          <dd>{s.route}</dd>
        </div>
        <div>
          <dt>Source</dt>
          <dd>{s.client_ip ?? '—'}</dd>
        </div>
        <div>
          <dt>Exchange</dt>
          <dd>{s.exchange ? `${s.exchange.mode}${s.exchange.host ? ` (${s.exchange.host})` : ''}` : '—'}</dd>
        </div>
        <div>
          <dt>Answer</dt>
          <dd>
            {s.http_status ?? '—'} in {ms(s.latency_ms)} (exchange {ms(s.exchange_ms)})
          </dd>
        </div>
        {s.parent_id && (
          <div>
            <dt>Execution of</dt>
            <dd>
              <a href={href.signal(s.parent_id)}>{s.parent_id}</a> (account <code>{s.account_id}</code>)
            </dd>
          </div>
        )}
        {s.replay_of && (
          <div>
            <dt>Replay of</dt>
            <dd>
              <a href={href.signal(s.replay_of)}>{s.replay_of}</a>
            </dd>
          </div>
        )}
        {s.ignored_fields.length > 0 && (
          <div>
            <dt>Fields not used</dt>
            <dd>{s.ignored_fields.join(', ')}</dd>
          </div>
        )}
        {s.note && (
          <div>
            <dt>Note</dt>
            <dd>{s.note}</dd>
          </div>
        )}
      </dl>
      {s.error && (
        <section aria-labelledby="error-title" className="error-box" data-testid="signal-error">
          <h2 id="error-title">Error {s.error.code}</h2>
          <p>{s.error.message}</p>
          {s.error.suggestions.length > 0 && (
            <ul>
              {s.error.suggestions.map((tip) => (
                <li key={tip}>{tip}</li>
              ))}
            </ul>
          )}
        </section>
      )}
      {replayable && (
        <section aria-labelledby="replay-title">
          <h2 id="replay-title">Replay</h2>
          <p>Runs this signal again through the same checks, as a new signal linked to this one.</p>
          <button type="button" onClick={() => replay.mutate(s.id)} disabled={replay.isPending}>
            {replay.isPending ? 'Replaying…' : 'Replay this signal'}
          </button>
          <ErrorNote error={replay.error} />
          {replay.data && (
            <p role="status" data-testid="replay-result">
              Replayed
              {typeof replay.data.result.id === 'string' && (
                <>
                  {' '}
                  as <a href={href.signal(replay.data.result.id)}>{replay.data.result.id}</a>
                </>
              )}
              : HTTP {replay.data.http_status}
            </p>
          )}
        </section>
      )}
      {s.replays.length > 0 && (
        <section aria-labelledby="replays-title">
          <h2 id="replays-title">Replays</h2>
          <ul>
            {s.replays.map((r) => (
              <li key={r.id}>
                <a href={href.signal(r.id)}>{time(r.received_at)}</a> <StatusBadge status={r.status} />
              </li>
            ))}
          </ul>
        </section>
      )}
      {s.executions && (
        <section aria-labelledby="executions-title">
          <h2 id="executions-title">Accounts</h2>
          <Executions executions={s.executions} />
        </section>
      )}
      <section aria-labelledby="calc-title">
        <h2 id="calc-title">Sizing calculation</h2>
        <Calculation calculation={s.calculation} />
      </section>
      <section aria-labelledby="orders-title">
        <h2 id="orders-title">Orders</h2>
        <Orders orders={s.orders} executions={!!s.executions} />
      </section>
      <section aria-labelledby="protection-title">
        <h2 id="protection-title">Protection</h2>
        {s.protective_orders.length === 0 ? (
          <p className="empty">No stop loss, take profit or trailing stop.</p>
        ) : (
          <ul>
            {s.protective_orders.map((p, i) => (
              <li key={i}>
                {p.kind} {p.type} {p.side} at {amount(p.trigger_price)} <StatusBadge status={p.status} />
                {p.error && ` (${p.error.message})`}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="events-title">
        <h2 id="events-title">Account events</h2>
        <AccountEvents events={s.account_events} />
      </section>
      <section aria-labelledby="payload-title">
        <h2 id="payload-title">Payload (secrets removed)</h2>
        <Json value={s.payload} label="Payload as received" />
        {s.cancelled_orders.length > 0 && <Json value={s.cancelled_orders} label="Cancelled orders" />}
      </section>
    </>
  );
}
