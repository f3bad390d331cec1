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
  cancelledOrders: Array<Record<string, unknown>> | null;
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

const SETTLE_TIMEOUT_MS = 5000;

/**
 * The outcome of a signal is written just after its answer; these helpers
 * wait (briefly) for it, so assertions see the final rows.
 */
export async function signalRow(
  url: string,
  id: string,
  options: { settled?: boolean } = { settled: true },
): Promise<SignalRow> {
  for (let waited = 0; ; waited += 20) {
    const [row] = await query<SignalRow>(url, 'SELECT * FROM "Signal" WHERE id = $1', [id]);
    const done = row && (!options.settled || row.status !== 'PROCESSING');
    if (done || waited > SETTLE_TIMEOUT_MS) {
      if (!row) throw new Error(`no Signal row ${id}`);
      return row;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function orderRows(url: string, signalId: string): Promise<OrderRow[]> {
  await signalRow(url, signalId);
  return query<OrderRow>(
    url,
    'SELECT * FROM "ExchangeOrder" WHERE "signalId" = $1 ORDER BY "createdAt", "clientOrderId"',
    [signalId],
  );
}

export async function calculationRow(url: string, signalId: string): Promise<Record<string, string> | undefined> {
  await signalRow(url, signalId);
  const [row] = await query<Record<string, string>>(url, 'SELECT * FROM "Calculation" WHERE "signalId" = $1', [
    signalId,
  ]);
  return row;
}

export async function latestSignal(url: string): Promise<SignalRow> {
  const [row] = await query<SignalRow>(url, 'SELECT * FROM "Signal" ORDER BY "receivedAt" DESC LIMIT 1');
  return signalRow(url, row.id);
}

/** Waits until no signal is left processing (every outcome written). */
export async function allSettled(url: string): Promise<void> {
  for (let waited = 0; waited < SETTLE_TIMEOUT_MS; waited += 20) {
    const [{ n }] = await query<{ n: string }>(url, `SELECT count(*) AS n FROM "Signal" WHERE status = 'PROCESSING'`);
    if (Number(n) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Every row of every table as text, to prove a secret is stored nowhere. */
export async function everyTableText(url: string): Promise<string> {
  const tables = await query<{ table_name: string }>(
    url,
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
  );
  const dumps = await Promise.all(
    tables.map((t) => query<{ row: string }>(url, `SELECT t::text AS row FROM "${t.table_name}" t`)),
  );
  return dumps
    .flat()
    .map((r) => r.row)
    .join('\n');
}

export interface ProtectiveRow {
  clientAlgoId: string;
  algoId: string | null;
  kind: string;
  level: number | null;
  type: string;
  status: string;
  positionSide: string;
  side: string;
  triggerPrice: string | null;
  quantity: string | null;
  closePosition: boolean;
  breakEven: boolean;
  replacesId: string | null;
  fillPrice: string | null;
  filledAt: Date | null;
  triggeredAt: Date | null;
  note: string | null;
}

/** The protective (algo) orders recorded for a signal, oldest first. */
export async function protectiveRows(url: string, signalId: string): Promise<ProtectiveRow[]> {
  await signalRow(url, signalId);
  const sql = 'SELECT * FROM "ProtectiveOrder" WHERE "signalId" = $1 ORDER BY "createdAt", "clientAlgoId"';
  return query<ProtectiveRow>(url, sql, [signalId]);
}
