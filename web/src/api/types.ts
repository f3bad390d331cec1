/** The admin API's answers, as the dashboard reads them (decimals are exact strings). */
export type Mode = 'paper' | 'testnet' | 'live';

export interface Venue {
  mode: Mode;
  host: string | null;
}

export interface SessionInfo {
  csrf_token?: string;
  expires_at?: string;
  exchange: Venue;
}

export interface SignalSummary {
  id: string;
  received_at: string;
  route: string;
  action: string | null;
  symbol: string | null;
  status: string;
  quantity: string | null;
  http_status: number | null;
  error_code: string | null;
  error: string | null;
  latency_ms: number | null;
  replay_of: string | null;
  bot_id: string | null;
  /** The account a row traded (null on a bot alert's own row: its executions have one each). */
  account_id: string | null;
  /** A bot alert's execution: the alert's id. */
  parent_id: string | null;
  /** paper, testnet or live; "mixed" on a bot alert whose accounts differ. */
  mode: string | null;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface Order {
  id: string;
  signal_id: string;
  created_at: string;
  client_order_id: string;
  exchange_order_id: string | null;
  symbol: string;
  purpose: string;
  side: string;
  position_side: string;
  type: string;
  quantity: string;
  reduce_only: boolean;
  status: string;
  executed_qty: string | null;
  avg_price: string | null;
  cum_quote: string | null;
  error_code: number | null;
  error: string | null;
  note: string | null;
  request: unknown;
  response: unknown;
  sent_at: string | null;
  answered_at: string | null;
}

export interface ProtectiveOrder {
  signal_id: string;
  symbol: string;
  kind: string;
  level: number | null;
  type: string;
  side: string;
  status: string;
  trigger_price: string | null;
  quantity: string | null;
  fill_price: string | null;
  filled_at: string | null;
  error: { code: string | null; message: string } | null;
  note: string | null;
}

/** One row of the account's events (realized PnL, fees, funding), when the service records them. */
export interface AccountEvent {
  id?: string;
  type?: string;
  kind?: string;
  symbol?: string | null;
  amount?: string;
  asset?: string;
  time?: string;
  occurred_at?: string;
  [key: string]: unknown;
}

export interface SignalDetail {
  id: string;
  route: string;
  client_ip: string | null;
  status: string;
  received_at: string;
  answered_at: string | null;
  latency_ms: number | null;
  exchange_ms: number | null;
  http_status: number | null;
  payload: unknown;
  action: string | null;
  symbol: string | null;
  leverage: number | null;
  exchange: Venue | null;
  error: { code: string; message: string | null; suggestions: string[] } | null;
  note: string | null;
  replay_of: string | null;
  replays: Array<{ id: string; status: string; received_at: string }>;
  bot_id: string | null;
  account_id: string | null;
  parent_id: string | null;
  /** A bot alert's executions, one per account. */
  executions?: Array<{
    id: string;
    account_id: string | null;
    account: string | null;
    status: string;
    http_status: number | null;
    exchange: Venue | null;
    error: string | null;
    note: string | null;
  }>;
  ignored_fields: string[];
  calculation: Record<string, string | number | boolean | null> | null;
  orders: Order[];
  protective_orders: ProtectiveOrder[];
  cancelled_orders: unknown[];
  account_events?: AccountEvent[];
}

export interface Stats {
  total: number;
  by_status: Record<string, number>;
  by_symbol: Record<string, number>;
  success_rate: number | null;
  latency_ms: { p50: number | null; p95: number | null; p99: number | null };
}

export interface Position {
  symbol: string;
  direction: string;
  position_side: string;
  quantity: string;
  entry_price: string;
  mark_price: string;
  unrealized_pnl: string;
}

export interface Positions {
  exchange: Venue;
  balance: { asset: string; wallet: string; available: string };
  positions: Position[];
}

export interface PnlRow {
  key: string;
  realized_pnl: string;
  fees: string;
  funding: string;
  net: string;
  trades: number;
  wins: number;
  losses: number;
}

export interface Kline {
  open_time: number;
  close_time: number;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
}

export interface Klines {
  symbol: string;
  interval: string;
  klines: Kline[];
}
