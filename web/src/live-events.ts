/**
 * Server-sent events from /api/admin/events: each recorded signal refreshes
 * the views it concerns, without a reload. EventSource reconnects by itself;
 * the state tells the header whether updates are live.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { keys } from './api/queries';

export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'off';

export function useLiveEvents(enabled: boolean): LiveState {
  const client = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');
  useEffect(() => {
    if (!enabled) return;
    const source = new EventSource('/api/admin/events');
    source.onopen = () => setState('live');
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? 'off' : 'reconnecting');
    source.addEventListener('signal', (event) => {
      const signal = JSON.parse((event as MessageEvent<string>).data) as { id: string; symbol: string | null };
      void client.invalidateQueries({ queryKey: keys.signals });
      void client.invalidateQueries({ queryKey: keys.signal(signal.id) });
      void client.invalidateQueries({ queryKey: keys.stats });
      void client.invalidateQueries({ queryKey: keys.positions });
      void client.invalidateQueries({ queryKey: keys.orders });
      void client.invalidateQueries({ queryKey: keys.protection });
      void client.invalidateQueries({ queryKey: keys.pnl });
    });
    return () => source.close();
  }, [client, enabled]);
  return enabled ? state : 'off';
}
