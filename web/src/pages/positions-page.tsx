/**
 * Open positions, live from the exchange, each with a Close button: a `close`
 * signal through the webhook pipeline, recorded like any other. Closing asks
 * for a confirmation first (a second button, so it works from the keyboard).
 */
import { useState } from 'react';
import { useFireSignal, usePositions } from '../api/queries';
import { Empty, ErrorNote, Loading } from '../components/bits';
import { amount, signed, tone } from '../format';
import { href } from '../router';

function CloseButton({ symbol }: { symbol: string }) {
  const [confirming, setConfirming] = useState(false);
  const fire = useFireSignal();
  const answer = fire.data;
  return (
    <div className="close-cell">
      {!confirming ? (
        <button type="button" onClick={() => setConfirming(true)} aria-label={`Close ${symbol}`}>
          Close
        </button>
      ) : (
        <>
          <button
            type="button"
            className="danger"
            autoFocus
            disabled={fire.isPending}
            onClick={() =>
              fire.mutate(
                { route: 'advanced-trading', signal: { symbol, action: 'close' } },
                { onSettled: () => setConfirming(false) },
              )
            }
          >
            {fire.isPending ? 'Closing…' : `Confirm: close ${symbol}`}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </>
      )}
      <ErrorNote error={fire.error} />
      {answer && (
        <p role="status" className={answer.status === 200 ? 'ok-note' : 'error-note'}>
          {answer.status === 200 ? 'Close sent' : `Refused (HTTP ${answer.status})`}
          {typeof answer.body.id === 'string' && (
            <>
              {' '}
              — <a href={href.signal(answer.body.id)}>signal</a>
            </>
          )}
        </p>
      )}
    </div>
  );
}

export function PositionsPage() {
  const positions = usePositions();
  return (
    <>
      <h1>Positions</h1>
      {positions.isPending && <Loading />}
      <ErrorNote error={positions.error} />
      {positions.data &&
        (positions.data.positions.length === 0 ? (
          <Empty>No open position.</Empty>
        ) : (
          <div className="table-wrap">
            <table className="stack-on-phone" data-testid="positions-table">
              <caption className="visually-hidden">Open positions, live from the exchange</caption>
              <thead>
                <tr>
                  <th scope="col">Symbol</th>
                  <th scope="col">Side</th>
                  <th scope="col" className="num">
                    Quantity
                  </th>
                  <th scope="col" className="num">
                    Entry
                  </th>
                  <th scope="col" className="num">
                    Mark
                  </th>
                  <th scope="col" className="num">
                    Unrealized PnL
                  </th>
                  <th scope="col">Action</th>
                </tr>
              </thead>
              <tbody>
                {positions.data.positions.map((p) => (
                  <tr key={`${p.symbol}-${p.position_side}-${p.direction}`} data-symbol={p.symbol}>
                    <th scope="row" data-label="Symbol">
                      <a href={href.chart(p.symbol)}>{p.symbol}</a>
                    </th>
                    <td data-label="Side">
                      {p.direction}
                      {p.position_side !== 'BOTH' && ` (${p.position_side})`}
                    </td>
                    <td data-label="Quantity" className="num">
                      {amount(p.quantity)}
                    </td>
                    <td data-label="Entry" className="num">
                      {amount(p.entry_price)}
                    </td>
                    <td data-label="Mark" className="num">
                      {amount(p.mark_price)}
                    </td>
                    <td data-label="Unrealized PnL" className={`num tone-${tone(p.unrealized_pnl)}`}>
                      {signed(p.unrealized_pnl)}
                    </td>
                    <td data-label="Action">
                      <CloseButton symbol={p.symbol} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      {positions.data && (
        <p className="hint">
          Wallet {amount(positions.data.balance.wallet, 2)} USDT, available{' '}
          {amount(positions.data.balance.available, 2)} USDT. Close closes the whole symbol (both sides in hedge mode)
          and cancels its open orders.
        </p>
      )}
    </>
  );
}
