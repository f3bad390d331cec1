/**
 * Fire a signal by hand: the same message a TradingView alert sends, through
 * the same pipeline and checks (no webhook secret needed: the session stands
 * for it). The message is built from the fields, or written as JSON.
 */
import { FormEvent, useMemo, useState } from 'react';
import { useFireSignal } from '../api/queries';
import type { Venue } from '../api/types';
import { ErrorNote, Json } from '../components/bits';
import { href } from '../router';

interface Fields {
  symbol: string;
  action: string;
  balance_percentage: string;
  leverage: string;
  margin_type: string;
  stop_loss: string;
  take_profit: string;
  extra: string;
}

const INITIAL: Fields = {
  symbol: 'BTCUSDT',
  action: 'buy',
  balance_percentage: '0.1',
  leverage: '5',
  margin_type: '',
  stop_loss: '',
  take_profit: '',
  extra: '',
};

/** Numbers stay as the trader typed them (the service reads decimals exactly). */
function message(fields: Fields): { signal?: Record<string, unknown>; problem?: string } {
  const signal: Record<string, unknown> = { symbol: fields.symbol.trim(), action: fields.action };
  if (fields.action !== 'close') {
    if (fields.balance_percentage) signal.balance_percentage = fields.balance_percentage.trim();
    if (fields.leverage) signal.leverage = fields.leverage.trim();
    if (fields.margin_type) signal.margin_type = fields.margin_type;
    if (fields.stop_loss) signal.stop_loss = fields.stop_loss.trim();
    if (fields.take_profit) signal.take_profit = fields.take_profit.trim();
  }
  if (fields.extra.trim()) {
    try {
      const extra = JSON.parse(fields.extra) as unknown;
      if (!extra || typeof extra !== 'object' || Array.isArray(extra))
        return { problem: 'More fields must be a JSON object' };
      Object.assign(signal, extra);
    } catch (e) {
      return { problem: `More fields: ${(e as Error).message}` };
    }
  }
  return { signal };
}

export function SendSignalPage({ venue }: { venue: Venue }) {
  const [fields, setFields] = useState<Fields>(INITIAL);
  const [route, setRoute] = useState('advanced-trading');
  const fire = useFireSignal();
  const built = useMemo(() => message(fields), [fields]);
  const set = (name: keyof Fields) => (e: { target: { value: string } }) =>
    setFields({ ...fields, [name]: e.target.value });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (built.signal) fire.mutate({ route, signal: built.signal });
  }

  const answer = fire.data;
  return (
    <>
      <h1>Send a signal</h1>
      {venue.mode === 'live' && (
        <p className="error-note" role="alert">
          Live mode: this sends real orders with real money.
        </p>
      )}
      <form className="signal-form" onSubmit={submit} aria-label="Signal">
        <label>
          Webhook
          <select value={route} onChange={(e) => setRoute(e.target.value)}>
            <option value="advanced-trading">advanced trading</option>
            <option value="state-aware-ma-cross">state-aware MA cross</option>
          </select>
        </label>
        <label>
          Symbol
          <input value={fields.symbol} onChange={set('symbol')} required autoComplete="off" />
        </label>
        <label>
          Action
          <select value={fields.action} onChange={set('action')}>
            <option value="buy">buy</option>
            <option value="sell">sell</option>
            <option value="close">close</option>
          </select>
        </label>
        <label>
          Balance fraction (0.1 = 10 %)
          <input
            value={fields.balance_percentage}
            onChange={set('balance_percentage')}
            inputMode="decimal"
            disabled={fields.action === 'close'}
          />
        </label>
        <label>
          Leverage
          <input
            value={fields.leverage}
            onChange={set('leverage')}
            inputMode="numeric"
            disabled={fields.action === 'close'}
          />
        </label>
        <label>
          Margin type
          <select value={fields.margin_type} onChange={set('margin_type')} disabled={fields.action === 'close'}>
            <option value="">account's</option>
            <option value="ISOLATED">isolated</option>
            <option value="CROSSED">cross</option>
          </select>
        </label>
        <label>
          Stop loss price
          <input
            value={fields.stop_loss}
            onChange={set('stop_loss')}
            inputMode="decimal"
            disabled={fields.action === 'close'}
          />
        </label>
        <label>
          Take profit price
          <input
            value={fields.take_profit}
            onChange={set('take_profit')}
            inputMode="decimal"
            disabled={fields.action === 'close'}
          />
        </label>
        <label className="wide">
          More fields (JSON object, as in an alert message)
          <textarea
            value={fields.extra}
            onChange={set('extra')}
            rows={3}
            placeholder='{"id": "manual-1"}'
            spellCheck={false}
          />
        </label>
        <div className="wide">
          <h2>Message sent</h2>
          {built.problem ? (
            <p className="error-note" role="alert">
              {built.problem}
            </p>
          ) : (
            <Json value={built.signal} label="Message to send" />
          )}
        </div>
        <button type="submit" className="wide" disabled={!built.signal || fire.isPending}>
          {fire.isPending ? 'Sending…' : `Send to ${venue.mode}`}
        </button>
      </form>
      <ErrorNote error={fire.error} />
      {answer && (
        <section aria-labelledby="answer-title" data-testid="send-answer">
          <h2 id="answer-title">Answer: HTTP {answer.status}</h2>
          {typeof answer.body.id === 'string' && (
            <p>
              Recorded as <a href={href.signal(answer.body.id)}>signal {answer.body.id}</a>.
            </p>
          )}
          <Json value={answer.body} label="Answer" />
        </section>
      )}
    </>
  );
}
