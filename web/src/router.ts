/**
 * Pages by URL fragment (#/signals/…): a reload or a shared link opens the
 * same page, and nothing of the session ever appears in a URL.
 */
import { useEffect, useState } from 'react';

export interface Route {
  page: 'overview' | 'signals' | 'signal' | 'positions' | 'chart' | 'send' | 'settings';
  id?: string;
  params: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const [path, search = ''] = hash.replace(/^#\/?/, '').split('?');
  const params = new URLSearchParams(search);
  const [first, second] = path.split('/');
  if (first === 'signals' && second) return { page: 'signal', id: decodeURIComponent(second), params };
  const pages: Route['page'][] = ['signals', 'positions', 'chart', 'send', 'settings'];
  return { page: pages.find((p) => p === first) ?? 'overview', params };
}

export function useRoute(): Route {
  const [hash, setHash] = useState(window.location.hash);
  useEffect(() => {
    const changed = () => setHash(window.location.hash);
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return parseRoute(hash);
}

export const href = {
  overview: '#/overview',
  signals: '#/signals',
  signal: (id: string) => `#/signals/${encodeURIComponent(id)}`,
  positions: '#/positions',
  chart: (symbol?: string) => (symbol ? `#/chart?symbol=${encodeURIComponent(symbol)}` : '#/chart'),
  send: '#/send',
  settings: '#/settings',
};
