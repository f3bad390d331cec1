/**
 * Open positions, live from the exchange, each with a Close button: a `close`
 * signal through the webhook pipeline, recorded like any other. Closing asks
 * for a confirmation first (a second button, so it works from the keyboard).
 */
import { useState } from 'react';
import { useFireSignal, usePositions } from '../api/queries';
import { Empty, ErrorNote, Loading } from '../components/bits';
import { PositionsTable } from '../components/positions-table';
import { amount } from '../format';
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
          <PositionsTable
            positions={positions.data.positions}
            caption="Open positions, live from the exchange"
            testId="positions-table"
            action={(p) => <CloseButton symbol={p.symbol} />}
          />
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
