/**
 * One signal's rows (signal, calculation, orders) as ONE SQL statement of
 * upserts in CTEs: one round trip, atomic (a statement is its own
 * transaction), idempotent (a replay of the pending file writes nothing
 * twice). Prisma's generated upserts cost several round trips and most of
 * the service's CPU per signal; this is the hot path, so it is plain SQL.
 */
export type Row = Record<string, unknown>;

interface TableSpec {
  table: string;
  conflict: string;
  /** Columns whose value needs a cast from a text parameter. */
  casts: Record<string, string>;
  /** Client-side ids (Prisma's @default(uuid())) are generated here. */
  generatedId: boolean;
  /** Prisma's @updatedAt is client-side too: set to now() here. */
  hasUpdatedAt: boolean;
}

const DECIMAL = 'numeric';
const TIME = 'timestamptz';

export const SIGNAL: TableSpec = {
  table: 'Signal',
  conflict: 'id',
  generatedId: false,
  hasUpdatedAt: true,
  casts: {
    payload: 'jsonb',
    cancelledOrders: 'jsonb',
    protectionRequest: 'jsonb',
    action: '"SignalAction"',
    marginType: '"MarginType"',
    targetPosition: '"MarketPosition"',
    prevMarketPosition: '"MarketPosition"',
    targetQuantity: DECIMAL,
    closePercentage: DECIMAL,
    closeQuantity: DECIMAL,
    status: '"SignalStatus"',
    balancePercentage: DECIMAL,
    entryPrice: DECIMAL,
    suggestions: 'text[]',
    ignoredFields: 'text[]',
    receivedAt: TIME,
    answeredAt: TIME,
    leverage: 'integer',
    authenticated: 'boolean',
    httpStatus: 'integer',
    latencyMs: 'integer',
    exchangeMs: 'integer',
  },
};

export const CALCULATION: TableSpec = {
  table: 'Calculation',
  conflict: 'signalId',
  generatedId: true,
  hasUpdatedAt: false,
  casts: Object.fromEntries(
    [
      ...['balance', 'balancePercentage', 'price', 'positionValue', 'rawQuantity', 'quantity', 'notional'],
      ...['stepSize', 'minQty', 'maxQty', 'minNotional', 'availableBalance', 'takerFeeRate', 'openingFee'],
      ...['maxNotional'],
      ...['sizingValue', 'stopPrice'],
    ].map((c) => [c, DECIMAL]),
  ),
};

export const ORDER: TableSpec = {
  table: 'ExchangeOrder',
  conflict: 'clientOrderId',
  generatedId: true,
  hasUpdatedAt: true,
  casts: {
    purpose: '"OrderPurpose"',
    side: '"OrderSide"',
    positionSide: '"PositionSide"',
    status: '"OrderStatus"',
    quantity: DECIMAL,
    avgPrice: DECIMAL,
    executedQty: DECIMAL,
    cumQuote: DECIMAL,
    errorCode: 'integer',
    request: 'jsonb',
    response: 'jsonb',
    sentAt: TIME,
    answeredAt: TIME,
  },
};

/** The notification outbox: written with the record it reports, never rewritten. */
export const NOTIFICATION_EVENT: TableSpec = {
  table: 'NotificationEvent',
  conflict: 'id',
  generatedId: false,
  hasUpdatedAt: false,
  casts: { payload: 'jsonb', occurredAt: TIME },
};

export const PROTECTIVE_ORDER: TableSpec = {
  table: 'ProtectiveOrder',
  conflict: 'clientAlgoId',
  generatedId: true,
  hasUpdatedAt: true,
  casts: {
    positionSide: '"PositionSide"',
    side: '"OrderSide"',
    kind: '"ProtectionKind"',
    status: '"ProtectionStatus"',
    level: 'integer',
    errorCode: 'integer',
    request: 'jsonb',
    response: 'jsonb',
    placedAt: TIME,
    triggeredAt: TIME,
    filledAt: TIME,
    ...Object.fromEntries(
      [
        ...['triggerPrice', 'askedPrice', 'quantity', 'sizePercent', 'callbackRate', 'activationPrice'],
        ...['entryPrice', 'fillPrice'],
      ].map((c) => [c, DECIMAL]),
    ),
  },
};

const quote = (column: string) => `"${column}"`;

/**
 * Builds `INSERT … ON CONFLICT … DO UPDATE|NOTHING` for rows of one table, appending to `values`. A
 * column some rows lack is NULL in them, or the column's DEFAULT when `absent` says so (rows of
 * different shapes inserted together then store what each alone would have).
 */
function upsert(
  spec: TableSpec,
  rows: Row[],
  values: unknown[],
  onConflict: 'update' | 'nothing',
  absent: 'null' | 'default' = 'null',
): string {
  const columns = [
    ...new Set(
      rows.flatMap((row) =>
        Object.keys(row).filter((k) => row[k] !== undefined && k !== 'id' && k !== 'createdAt' && k !== 'updatedAt'),
      ),
    ),
  ];
  if (!spec.generatedId) columns.unshift('id');
  const tuples = rows.map((row) => {
    const cells = columns.map((column) => {
      const value = row[column];
      if (value === undefined && absent === 'default') return 'DEFAULT';
      values.push(
        value === undefined ? null : spec.casts[column] === 'jsonb' && value !== null ? JSON.stringify(value) : value,
      );
      const cast = spec.casts[column];
      return cast ? `$${values.length}::${cast}` : `$${values.length}`;
    });
    if (spec.generatedId) cells.unshift('gen_random_uuid()::text');
    if (spec.hasUpdatedAt) cells.push('now()');
    return `(${cells.join(', ')})`;
  });
  const allColumns = [...(spec.generatedId ? ['id'] : []), ...columns, ...(spec.hasUpdatedAt ? ['updatedAt'] : [])];
  const updates = columns
    .filter((c) => c !== spec.conflict && c !== 'id')
    .map((c) => `${quote(c)} = EXCLUDED.${quote(c)}`);
  if (spec.hasUpdatedAt) updates.push('"updatedAt" = now()');
  const action =
    onConflict === 'nothing' || updates.length === 0 ? 'DO NOTHING' : `DO UPDATE SET ${updates.join(', ')}`;
  return (
    `INSERT INTO ${quote(spec.table)} (${allColumns.map(quote).join(', ')}) VALUES ${tuples.join(', ')} ON ` +
    `CONFLICT (${quote(spec.conflict)}) ${action}`
  );
}

/** The signal row alone, as received: never overwrites an outcome already written. */
export function insertSignalSql(signal: Row): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  return { text: upsert(SIGNAL, [signal], values, 'nothing'), values };
}

/** A read sent in the same statement as signal rows: its text numbers its own values from $1. */
export interface RidingRead {
  text: string;
  values: unknown[];
}

/**
 * Several signals' rows, as received, in one statement (each row stores what insertSignalSql would);
 * with `read`, the statement also answers that read's rows (the rows are inserted by a CTE: one
 * statement, one transaction, one round trip).
 */
export function insertSignalsSql(signals: Row[], read?: RidingRead): { text: string; values: unknown[] } {
  const values: unknown[] = [...(read?.values ?? [])];
  const insert = upsert(SIGNAL, signals, values, 'nothing', 'default');
  return { text: read ? `WITH inserted AS (${insert}) ${read.text}` : insert, values };
}

export interface OutcomeRows {
  signal: Row;
  calculation?: Row;
  orders: Row[];
  notifications?: Row[];
  protective?: Row[];
}

/** Signal, calculation, orders, protective orders and the notifications reporting them, in one statement. */
export function outcomeSql(rows: OutcomeRows): { text: string; values: unknown[] } {
  return outcomesSql([rows]);
}

/**
 * The outcomes of several signals in one statement: each signal's upserts are CTEs of their own
 * (as outcomeSql writes them), so each signal stores exactly what it would alone, and the
 * statement is one transaction: all are written, or none.
 */
export function outcomesSql(outcomes: OutcomeRows[]): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const parts: string[] = [];
  outcomes.forEach((rows, i) => {
    parts.push(`s${i} AS (${upsert(SIGNAL, [rows.signal], values, 'update')} RETURNING 1)`);
    if (rows.calculation) {
      parts.push(`c${i} AS (${upsert(CALCULATION, [rows.calculation], values, 'update')} RETURNING 1)`);
    }
    if (rows.orders.length) parts.push(`o${i} AS (${upsert(ORDER, rows.orders, values, 'update')} RETURNING 1)`);
    if (rows.notifications?.length) {
      parts.push(`n${i} AS (${upsert(NOTIFICATION_EVENT, rows.notifications, values, 'nothing')} RETURNING 1)`);
    }
    if (rows.protective?.length) {
      // A status the monitor already moved on (a fill) is never taken back by a late record of the placement.
      parts.push(`p${i} AS (${upsert(PROTECTIVE_ORDER, rows.protective, values, 'nothing')} RETURNING 1)`);
    }
  });
  return { text: `WITH ${parts.join(', ')} SELECT 1`, values };
}
