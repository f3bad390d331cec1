/**
 * Appending account events as ONE statement: each event is tied to our
 * signal inside Postgres (the signal id inside one of our client ids, when
 * that signal is ours; else the client id of one of our orders or protective
 * orders; else the order id of one of them, a protective order's winning)
 * and inserted with ON CONFLICT DO NOTHING on (account, Binance's id), the
 * inserted rows returned. Every fill of every signal passes here: one round
 * trip instead of three lookups and an insert.
 */
import { Prisma } from '../generated/prisma/client';
import type { AccountEvent } from '../generated/prisma/client';
import { NewAccountEvent, signalIdOf } from './account-event';

const COLUMNS = [
  ['eventKey', 'text'],
  ['kind', '"AccountEventKind"'],
  ['origin', '"AccountEventOrigin"'],
  ['symbol', 'text'],
  ['clientOrderId', 'text'],
  ['clientAlgoId', 'text'],
  ['orderId', 'text'],
  ['tradeId', 'text'],
  ['side', '"OrderSide"'],
  ['positionSide', '"PositionSide"'],
  ['price', 'numeric'],
  ['quantity', 'numeric'],
  ['realizedPnl', 'numeric'],
  ['commission', 'numeric'],
  ['commissionAsset', 'text'],
  ['amount', 'numeric'],
  ['asset', 'text'],
  ['source', 'text'],
  ['details', 'jsonb'],
  ['occurredAt', 'timestamptz'],
  ['fromClientOrderId', 'text'],
  ['fromClientAlgoId', 'text'],
] as const;

type Column = (typeof COLUMNS)[number][0];

const DECIMALS = ['price', 'quantity', 'realizedPnl', 'commission', 'amount'] as const;

function cell(e: NewAccountEvent, column: Column): string | null {
  switch (column) {
    case 'fromClientOrderId':
      return signalIdOf(e.clientOrderId) ?? null;
    case 'fromClientAlgoId':
      return signalIdOf(e.clientAlgoId) ?? null;
    case 'details':
      return e.details ? JSON.stringify(e.details) : null;
    case 'occurredAt':
      return e.occurredAt.toISOString();
    default: {
      const value = e[column];
      return value === undefined || value === '' ? null : value.toString();
    }
  }
}

const q = (column: string) => `"${column}"`;

/** The statement for one account's events; its rows come back as mapped by recordedEvent. */
export function appendEventsSql(account: string, events: NewAccountEvent[]): { text: string; values: unknown[] } {
  const values: unknown[] = [account, ...COLUMNS.map(([column]) => events.map((e) => cell(e, column)))];
  const arrays = COLUMNS.map((_, i) => `$${i + 2}::text[]`).join(', ');
  const names = COLUMNS.map(([column]) => q(column)).join(', ');
  const bySignal = (candidate: string) => `(SELECT s.id FROM "Signal" s WHERE s.id = i.${q(candidate)})`;
  const byClientId = (column: string) =>
    `(SELECT p."signalId" FROM "ProtectiveOrder" p WHERE p."clientAlgoId" = i.${q(column)}), ` +
    `(SELECT o."signalId" FROM "ExchangeOrder" o WHERE o."clientOrderId" = i.${q(column)})`;
  const byOrderId =
    `(SELECT p."signalId" FROM "ProtectiveOrder" p WHERE p."actualOrderId" = i."orderId" LIMIT 1), ` +
    `(SELECT o."signalId" FROM "ExchangeOrder" o WHERE o."exchangeOrderId" = i."orderId" LIMIT 1)`;
  const cast = (column: Column, type: string) => (type === 'text' ? q(column) : `${q(column)}::${type}`);
  const typed = (column: Column) => cast(column, COLUMNS.find(([c]) => c === column)![1]);
  const text =
    `WITH i AS (SELECT * FROM unnest(${arrays}) WITH ORDINALITY AS t(${names}, n)), ` +
    `a AS (SELECT i.*, COALESCE(${bySignal('fromClientOrderId')}, ${bySignal('fromClientAlgoId')}, ` +
    `${byClientId('clientOrderId')}, ${byClientId('clientAlgoId')}, ${byOrderId}) AS "signalId" FROM i) ` +
    `INSERT INTO "AccountEvent" ("id", "account", "eventKey", "kind", "origin", "symbol", "signalId", ` +
    `"clientOrderId", "orderId", "tradeId", "side", "positionSide", "price", "quantity", "realizedPnl", ` +
    `"commission", "commissionAsset", "amount", "asset", "source", "details", "occurredAt") ` +
    `SELECT gen_random_uuid()::text, $1, "eventKey", ${typed('kind')}, ` +
    `COALESCE(${typed('origin')}, ` +
    `CASE WHEN "signalId" IS NULL THEN 'OUTSIDE' ELSE 'TVBRIDGE' END::"AccountEventOrigin"), ` +
    `"symbol", "signalId", COALESCE("clientOrderId", "clientAlgoId"), "orderId", "tradeId", ${typed('side')}, ` +
    `${typed('positionSide')}, ${DECIMALS.map(typed).slice(0, 4).join(', ')}, "commissionAsset", ${typed('amount')}, ` +
    `"asset", "source", ${typed('details')}, ${typed('occurredAt')} FROM a ORDER BY n ` +
    `ON CONFLICT ("account", "eventKey") DO NOTHING RETURNING *`;
  return { text, values };
}

/** A returned row as Prisma would answer it: decimals as Prisma.Decimal. */
export function recordedEvent(row: Record<string, unknown>): AccountEvent {
  const decimals = Object.fromEntries(
    DECIMALS.map((column) => [column, row[column] === null ? null : new Prisma.Decimal(row[column] as string)]),
  );
  return { ...row, ...decimals } as AccountEvent;
}
