/** The dashboard's reads and writes, as TanStack Query hooks over the admin API. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, get, query, request } from './client';
import type { Klines, Order, Page, PnlRow, Positions, SessionInfo, SignalDetail, SignalSummary, Stats } from './types';

/** Live events refresh what they concern; this is the safety net (other instances, a dropped stream). */
const BACKGROUND_REFRESH_MS = 30_000;

export const keys = {
  session: ['session'] as const,
  signals: ['signals'] as const,
  signal: (id: string) => ['signal', id] as const,
  stats: ['stats'] as const,
  positions: ['positions'] as const,
  protection: ['protection'] as const,
  orders: ['orders'] as const,
  pnl: ['pnl'] as const,
  klines: ['klines'] as const,
  settings: ['settings'] as const,
};

export function useSession() {
  return useQuery({
    queryKey: keys.session,
    queryFn: async () => {
      const answer = await request<SessionInfo>('GET', '/api/admin/session');
      if (answer.status === 401) return null;
      if (answer.status !== 200) throw new ApiError(answer.status, answer.body);
      return answer.body;
    },
    refetchInterval: BACKGROUND_REFRESH_MS,
    retry: false,
  });
}

export interface SignalFilters {
  symbol?: string;
  status?: string;
  action?: string;
  route?: string;
  from?: string;
  to?: string;
  limit?: number;
}

export function useSignals(filters: SignalFilters, cursor: string | undefined) {
  return useQuery({
    queryKey: [...keys.signals, filters, cursor],
    queryFn: () => get<Page<SignalSummary>>(`/api/admin/signals${query({ ...filters, cursor })}`),
    refetchInterval: BACKGROUND_REFRESH_MS,
    placeholderData: (previous) => previous,
  });
}

export function useSignal(id: string) {
  return useQuery({
    queryKey: keys.signal(id),
    queryFn: () => get<SignalDetail>(`/api/admin/signals/${encodeURIComponent(id)}`),
  });
}

export function useStats(from?: string) {
  return useQuery({
    queryKey: [...keys.stats, from],
    queryFn: () => get<Stats>(`/api/admin/stats${query({ from })}`),
    refetchInterval: BACKGROUND_REFRESH_MS,
  });
}

export function usePositions() {
  return useQuery({
    queryKey: keys.positions,
    queryFn: () => get<Positions>('/api/admin/positions'),
    refetchInterval: 15_000,
  });
}

export interface ProtectionLevel {
  kind: string;
  type: string;
  status: string;
  trigger_price: string | null;
  side: string;
}

export function useProtection(symbol: string) {
  return useQuery({
    queryKey: [...keys.protection, symbol],
    queryFn: () => get<{ symbols: Record<string, ProtectionLevel[]> }>(`/api/admin/protection${query({ symbol })}`),
    refetchInterval: BACKGROUND_REFRESH_MS,
  });
}

export function useFilledOrders(symbol: string) {
  return useQuery({
    queryKey: [...keys.orders, symbol],
    queryFn: () => get<Page<Order>>(`/api/admin/orders${query({ symbol, status: 'filled', limit: 200 })}`),
    refetchInterval: BACKGROUND_REFRESH_MS,
  });
}

export function useKlines(symbol: string, interval: string) {
  return useQuery({
    queryKey: [...keys.klines, symbol, interval],
    queryFn: () => get<Klines>(`/api/admin/klines${query({ symbol, interval, limit: 300 })}`),
    refetchInterval: 15_000,
  });
}

/**
 * Realized PnL, fees and funding per day or symbol, from the account's
 * recorded events. `available: false` when this service does not record
 * account events (the route is absent): the overview says so, and shows no figure.
 */
export function usePnl(group: 'day' | 'symbol', from?: string) {
  return useQuery({
    queryKey: [...keys.pnl, group, from],
    queryFn: async () => {
      const answer = await request<{ rows: PnlRow[] }>('GET', `/api/admin/pnl${query({ group, from })}`);
      if (answer.status === 404) return { available: false as const, rows: [] as PnlRow[] };
      if (answer.status !== 200) throw new ApiError(answer.status, answer.body);
      return { available: true as const, rows: answer.body.rows };
    },
    refetchInterval: BACKGROUND_REFRESH_MS,
  });
}

export interface SignalAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** Fires a signal through the webhook pipeline (recorded like any alert); answers whatever it answered. */
export function useFireSignal() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: { route: string; signal: Record<string, unknown> }): Promise<SignalAnswer> => {
      const answer = await request<Record<string, unknown>>(
        'POST',
        `/api/admin/signals${query({ route: input.route })}`,
        input.signal,
      );
      if (answer.status === 401 || answer.status === 403) throw new ApiError(answer.status, answer.body);
      return answer;
    },
    onSettled: () => {
      void client.invalidateQueries({ queryKey: keys.signals });
      void client.invalidateQueries({ queryKey: keys.positions });
      void client.invalidateQueries({ queryKey: keys.stats });
    },
  });
}

export function useReplay() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      api<{ replay_of: string; http_status: number; result: Record<string, unknown> }>(
        'POST',
        `/api/admin/signals/${encodeURIComponent(id)}/replay`,
      ),
    onSettled: (_data, _error, id) => {
      void client.invalidateQueries({ queryKey: keys.signals });
      void client.invalidateQueries({ queryKey: keys.signal(id) });
    },
  });
}
