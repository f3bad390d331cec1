/**
 * Every signed-in page: the exchange mode as a coloured banner (live is red
 * and says real money), the navigation, live-update state, theme and sign-out.
 */
import { useQueryClient } from '@tanstack/react-query';
import { ReactNode, useEffect, useRef, useState } from 'react';
import { api, setCsrfToken } from '../api/client';
import { keys } from '../api/queries';
import type { Venue } from '../api/types';
import type { LiveState } from '../live-events';
import { href, Route } from '../router';
import { ThemeToggle } from './theme-toggle';

const MODE_TEXT: Record<Venue['mode'], string> = {
  paper: 'PAPER: simulated account, no order reaches Binance',
  testnet: 'TESTNET: Binance test account, no real money',
  live: 'LIVE: real orders, real money',
};

const LIVE_TEXT: Record<LiveState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  off: 'Live updates off',
};

const NAV: Array<{ page: Route['page']; label: string; to: string }> = [
  { page: 'overview', label: 'Overview', to: href.overview },
  { page: 'signals', label: 'Signals', to: href.signals },
  { page: 'positions', label: 'Positions', to: href.positions },
  { page: 'chart', label: 'Chart', to: href.chart() },
  { page: 'send', label: 'Send a signal', to: href.send },
  { page: 'settings', label: 'Settings', to: href.settings },
];

export function ModeBanner({ venue }: { venue: Venue }) {
  return (
    <div
      className={`mode-banner mode-${venue.mode}`}
      role="status"
      aria-label={`Exchange mode: ${venue.mode}`}
      data-testid="mode-banner"
    >
      <strong className="mode-name">{venue.mode.toUpperCase()}</strong>
      <span>{MODE_TEXT[venue.mode].split(': ')[1]}</span>
      {venue.host && <span className="mode-host">{venue.host}</span>}
    </div>
  );
}

export function Layout(props: { venue: Venue; live: LiveState; page: Route['page']; children: ReactNode }) {
  const client = useQueryClient();
  const [signingOut, setSigningOut] = useState(false);
  useEffect(() => {
    document.title = `[${props.venue.mode.toUpperCase()}] tvbridge`;
  }, [props.venue.mode]);

  async function signOut() {
    setSigningOut(true);
    try {
      await api('DELETE', '/api/admin/session');
    } finally {
      setCsrfToken(undefined);
      client.setQueryData(keys.session, null);
      // Nothing read in the session stays in memory once it ended.
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== keys.session[0] });
    }
  }

  // A new page moves the keyboard focus to its content, as a page load would.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.getElementById('main')?.focus();
  }, [props.page]);

  const current = props.page === 'signal' ? 'signals' : props.page;
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <ModeBanner venue={props.venue} />
      <header className="top">
        <a className="brand" href={href.overview}>
          tvbridge
        </a>
        <nav aria-label="Pages">
          <ul>
            {NAV.map((item) => (
              <li key={item.page}>
                <a href={item.to} aria-current={current === item.page ? 'page' : undefined}>
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="top-tools">
          <span className={`live live-${props.live}`} role="status" aria-live="polite">
            {LIVE_TEXT[props.live]}
          </span>
          <ThemeToggle />
          <button type="button" onClick={() => void signOut()} disabled={signingOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {props.children}
      </main>
    </>
  );
}
