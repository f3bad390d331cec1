/** Reads what the journal wrote, for e2e assertions on the database rows. */
import { query } from './test-database';

export interface SignalRow {
  id: string;
  route: string;
  status: string;
  action: string | null;
  symbol: string | null;
  rawSymbol: string | null;
  httpStatus: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  suggestions: string[];
  payload: Record<string, unknown>;
  latencyMs: number | null;
  exchangeMs: number | null;
  answeredAt: Date | null;
  note: string | null;
}

export interface OrderRow {
  clientOrderId: string;
  exchangeOrderId: string | null;
  purpose: string;
  side: string;
  positionSide: string;
  quantity: string;
  reduceOnly: boolean;
  status: string;
  executedQty: string | null;
  avgPrice: string | null;
  errorCode: number | null;
  request: Record<string, unknown>;
  response: Record<string, unknown> | null;
}

export async function signalRow(url: string, id: string): Promise<SignalRow> {
  const [row] = await query<SignalRow>(url, 'SELECT * FROM "Signal" WHERE id = $1', [id]);
  if (!row) throw new Error(`no Signal row ${id}`);
  return row;
}

export async function orderRows(url: string, signalId: string): Promise<OrderRow[]> {
  return query<OrderRow>(url, 'SELECT * FROM "ExchangeOrder" WHERE "signalId" = $1 ORDER BY "createdAt", "clientOrderId"', [signalId]);
}

export async function calculationRow(url: string, signalId: string): Promise<Record<string, string> | undefined> {
  const [row] = await query<Record<string, string>>(url, 'SELECT * FROM "Calculation" WHERE "signalId" = $1', [signalId]);
  return row;
}

export async function latestSignal(url: string): Promise<SignalRow> {
  const [row] = await query<SignalRow>(url, 'SELECT * FROM "Signal" ORDER BY "receivedAt" DESC LIMIT 1');
  return row;
}
