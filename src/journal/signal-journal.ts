/**
 * Records every signal, its calculation and its orders in Postgres. A
 * signal's row is written before the exchange is touched (status
 * PROCESSING); its outcome, with the notifications reporting it (the
 * outbox), is written in one statement. When Postgres
 * refuses a write, the rows go to a local pending file and are written later:
 * an order that went through is never left unrecorded. Every row is redacted
 * before it is written anywhere (Postgres or the pending file).
 *
 * Rows handed over in one turn of the event loop (the accounts of a fan-out,
 * concurrent signals) share one statement: the starts one multi-row insert,
 * the outcomes (within a few ms: they are written after the answer) one
 * statement of every signal's upserts. Should that statement
 * fail, each signal's rows are written alone, so one bad row costs no other
 * signal its record.
 */
import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import path from 'node:path';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.module';
import { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';
import { inHeldTransaction } from '../database/held-transaction';
import { SECRET_REDACTOR } from '../logging/logging.module';
import { SecretRedactor } from '../logging/secret-redactor';
import { PendingRecordsFile, PendingRows } from './pending-records.file';
import { calculationRow, orderRow, protectiveOrderRow, signalRow } from './record-mapping';
import { TickBatch } from '../common/tick-batch';
import { insertSignalSql, insertSignalsSql, outcomeSql, outcomesSql, RidingRead } from './upsert-sql';
import { SignalEvents } from './signal-events';
import { SignalHeader, SignalOutcome } from './signal-record';
import { signalNotifications } from './signal-notifications';

const FLUSH_EVERY_MS = 5_000;
/** Signals per shared statement: well under Postgres's 65,535 parameters per statement. */
const BATCH_LIMIT = 50;
/** How long an outcome waits, after its answer was sent, for others to share its statement. */
const OUTCOME_WINDOW_MS = 5;

@Injectable()
export class SignalJournal implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('SignalJournal');
  readonly pending: PendingRecordsFile;
  private flushTimer?: NodeJS.Timeout;
  private flushing?: Promise<number>;
  /**
   * Each answer: undefined when written, else the error that kept the row out of Postgres. One insert on
   * its way at a time: the signals that arrive during its round trip (its commit's WAL flush) share the next.
   */
  private readonly starts = new TickBatch<StartRequest, StartAnswer>((requests) => this.writeStarts(requests), 0, 1);
  /** Outcomes are written after the answer: they wait OUTCOME_WINDOW_MS for the others of a fan-out. */
  private readonly outcomes = new TickBatch<PendingRows, Error | undefined>(
    (rows) => this.writeTogether(rows, outcomesSql, outcomeSql),
    OUTCOME_WINDOW_MS,
  );

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(SECRET_REDACTOR) private readonly redactor: SecretRedactor,
    private readonly events: SignalEvents,
  ) {
    this.pending = new PendingRecordsFile(path.resolve(config.dataDir, 'pending-records.jsonl'));
  }

  async onModuleInit(): Promise<void> {
    await this.flushPending();
    this.flushTimer = setInterval(() => void this.flushPending(), FLUSH_EVERY_MS);
    this.flushTimer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.flushTimer) clearInterval(this.flushTimer);
    await this.settled();
    await this.flushing?.catch(() => undefined);
  }

  /** The signal row, status PROCESSING, before any exchange call. */
  async start(header: SignalHeader): Promise<'started' | 'account-gone'> {
    return (await this.startWith(header)).gone ? 'account-gone' : 'started';
  }

  /**
   * The signal row, status PROCESSING, and in the same statement a read the signal needs before it
   * trades (its kill switches): one round trip instead of two. Answers the read's rows, or undefined
   * when the statement did not go through (the row is then kept as start() keeps it, and the caller
   * reads by itself).
   */
  async startReading<T>(header: SignalHeader, read: RidingRead): Promise<T[] | undefined> {
    return (await this.startWith(header, read)).readRows as T[] | undefined;
  }

  private async startWith(header: SignalHeader, read?: RidingRead): Promise<{ gone: boolean; readRows?: unknown[] }> {
    const signal = this.plain(signalRow(header));
    const { error, readRows } = await this.starts.request({ row: signal, read });
    // An account's execution whose account was removed meanwhile (the foreign key refuses it): nothing may
    // trade for it; the caller records the refusal without the account.
    if (error && header.parentId && (error as { constraint?: string }).constraint === 'Signal_accountId_fkey') {
      return { gone: true };
    }
    if (error) {
      this.logger.error(`could not record signal ${header.id} as processing: ${error.message}`);
      await this.pending.append({ signal, orders: [] });
    }
    this.events.recorded(header);
    return { gone: false, readRows };
  }

  /**
   * Signal rows BATCH_LIMIT to a statement, each statement with the read of its requests when they
   * ask one (the same read, as every signal of today's routes asks, is made once for all; requests
   * with different reads go in different statements). A statement Postgres refuses for its data is
   * retried row by row, without the read (those callers read by themselves).
   */
  private async writeStarts(requests: StartRequest[]): Promise<StartAnswer[]> {
    const groups = new Map<string, number[]>();
    requests.forEach((request, index) => {
      const key = request.read ? `${request.read.text}\u0000${JSON.stringify(request.read.values)}` : '';
      groups.set(key, [...(groups.get(key) ?? []), index]);
    });
    // Rows without a read ride with the first read's statement.
    const bare = groups.get('');
    if (bare && groups.size > 1) {
      groups.delete('');
      groups
        .values()
        .next()
        .value!.push(...bare);
    }
    const chunks: number[][] = [];
    for (const indexes of groups.values()) {
      for (let from = 0; from < indexes.length; from += BATCH_LIMIT)
        chunks.push(indexes.slice(from, from + BATCH_LIMIT));
    }
    const answers: StartAnswer[] = [];
    await Promise.all(
      chunks.map(async (chunk) => {
        const read = chunk.map((i) => requests[i].read).find((r) => r !== undefined);
        const { text, values } = insertSignalsSql(
          chunk.map((i) => requests[i].row),
          read,
        );
        try {
          const { rows } = await this.pool.query(text, values);
          for (const i of chunk) answers[i] = requests[i].read ? { readRows: rows } : {};
        } catch (error) {
          if (chunk.length === 1 || !isDataError(error)) {
            for (const i of chunk) answers[i] = { error: error as Error };
            return;
          }
          await Promise.all(
            chunk.map(async (i) => {
              const single = insertSignalSql(requests[i].row);
              answers[i] = await this.pool.query(single.text, single.values).then(
                () => ({}),
                (rowError: Error) => ({ error: rowError }),
              );
            }),
          );
        }
      }),
    );
    return answers;
  }

  /**
   * Writes the signal's row as processing only if no signal of its route holds its id yet (the
   * unique route + id index decides, across instances too): 'taken' when one does. When Postgres
   * cannot be reached the row goes to the pending file and the signal counts as claimed, as start() does.
   */
  async claim(header: SignalHeader): Promise<'claimed' | 'taken'> {
    const signal = this.plain(signalRow(header));
    try {
      const { text, values } = insertSignalSql(signal);
      await this.pool.query(text, values);
      return 'claimed';
    } catch (error) {
      if ((error as { constraint?: string }).constraint === 'Signal_route_externalId_key') return 'taken';
      this.logger.error(`could not record signal ${header.id} as processing: ${(error as Error).message}`);
      await this.pending.append({ signal, orders: [] });
      return 'claimed';
    }
  }

  /**
   * Claims the right to replay `originalId`: under a per-original advisory lock
   * (so across instances too), refused while another replay of it is running or
   * once one went through; otherwise the replay's row is written PROCESSING
   * before anything runs. Returns the blocking replay's id when refused.
   */
  async claimReplay(originalId: string, header: SignalHeader): Promise<{ blockedBy?: { id: string; status: string } }> {
    const blockedBy = await inHeldTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`replay:${originalId}`]);
      const { rows } = await client.query<{ id: string; status: string }>(
        `SELECT id, status FROM "Signal"
          WHERE "replayOfId" = $1 AND status NOT IN ('FAILED', 'PARTIAL', 'REJECTED')
          ORDER BY "receivedAt" DESC LIMIT 1`,
        [originalId],
      );
      if (rows.length) return rows[0];
      const { text, values } = insertSignalSql(this.plain(signalRow(header)));
      await client.query(text, values);
      return undefined;
    });
    if (blockedBy) return { blockedBy };
    this.events.recorded(header);
    return {};
  }

  private readonly writing = new Set<Promise<void>>();

  /**
   * finish() off the answer path: its rows are built once the answer has gone out (setImmediate runs after
   * the response's write), from the header and outcome as they are now. settled() and shutdown wait for it.
   */
  finishLater(header: SignalHeader, outcome: SignalOutcome): void {
    const settled = { ...header };
    const write = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.finish(settled, outcome))
      .finally(() => this.writing.delete(write));
    this.writing.add(write);
  }

  /** Resolves when every outcome handed to finishLater is written (or kept in the pending file). */
  async settled(): Promise<void> {
    while (this.writing.size) await Promise.all([...this.writing]);
  }

  /** The outcome: signal status and timings, calculation, orders and their notifications, in one statement. */
  async finish(header: SignalHeader, outcome: SignalOutcome): Promise<void> {
    const rows: PendingRows = {
      signal: this.plain(signalRow(header, outcome)),
      calculation: outcome.calculation ? toPlain(calculationRow(header.id, outcome.calculation)) : undefined,
      orders: (outcome.orders ?? []).map((o) => this.plain(orderRow(header.id, o))),
      notifications: signalNotifications(header, outcome).map((n) => this.plain(n)),
      protective: (outcome.protectiveOrders ?? []).map((p) => this.plain(protectiveOrderRow(header.id, p))),
    };
    const error = await this.outcomes.request(rows);
    if (error) {
      this.logger.error(
        `could not record the outcome of signal ${header.id}; kept in ${this.pending.file} to write later: ` +
          `${error.message}`,
      );
      await this.pending.append(rows);
    }
    this.events.recorded(header, outcome);
  }

  /** Writes pending rows to Postgres; returns how many are still pending. */
  flushPending(): Promise<number> {
    this.flushing ??= (async () => {
      const all = await this.pending.readAll();
      if (all.length === 0) return 0;
      const failed: PendingRows[] = [];
      for (const rows of all) {
        try {
          await this.write(rows);
        } catch {
          failed.push(rows);
        }
      }
      await this.pending.keepOnly(failed, all.length);
      if (all.length > failed.length)
        this.logger.log(`wrote ${all.length - failed.length} pending record(s) to Postgres`);
      return failed.length;
    })().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  /** A row as stored: plain JSON, with every secret removed from every text in it (errors included). */
  private plain<T>(row: T): Record<string, unknown> {
    return this.redactor.redact(toPlain(row));
  }

  /**
   * Rows of several signals, BATCH_LIMIT to a statement. When Postgres refuses a statement for its
   * data (SQLSTATE class 22 or 23: one signal's row may be the cause), each signal is tried alone;
   * any other failure (Postgres unreachable) is every signal's. Answers, per signal, the error that
   * kept its rows out (undefined: written).
   */
  private async writeTogether<T>(
    rows: T[],
    together: (rows: T[]) => { text: string; values: unknown[] },
    alone: (row: T) => { text: string; values: unknown[] },
  ): Promise<Array<Error | undefined>> {
    const chunks: T[][] = [];
    for (let from = 0; from < rows.length; from += BATCH_LIMIT) chunks.push(rows.slice(from, from + BATCH_LIMIT));
    const answers = await Promise.all(
      chunks.map(async (chunk) => {
        const { text, values } = chunk.length === 1 ? alone(chunk[0]) : together(chunk);
        try {
          await this.pool.query(text, values);
          return chunk.map(() => undefined);
        } catch (error) {
          if (chunk.length === 1 || !isDataError(error)) return chunk.map(() => error as Error);
          return Promise.all(
            chunk.map((row) => {
              const single = alone(row);
              return this.pool.query(single.text, single.values).then(
                () => undefined,
                (rowError: Error) => rowError,
              );
            }),
          );
        }
      }),
    );
    return answers.flat();
  }

  /** One statement, idempotent: a row written twice (file replay) is stored once. */
  private async write(rows: PendingRows): Promise<void> {
    const { text, values } = outcomeSql(rows);
    await this.pool.query(text, values);
  }
}

interface StartRequest {
  row: Record<string, unknown>;
  read?: RidingRead;
}

/** error: what kept the row out of Postgres; readRows: the read's answer, when it was made. */
interface StartAnswer {
  error?: Error;
  readRows?: unknown[];
}

/** Postgres refused the statement for the data in it (data exception, integrity constraint). */
function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^(22|23)[0-9A-Z]{3}$/.test(code);
}

/**
 * Row data → plain JSON (Decimal → string, Date → ISO). Postgres cannot store
 * the NUL character in text or jsonb, and hostile payloads carry it: it is
 * replaced (in keys and values) so such a signal is still recorded.
 */
export function toPlain<T>(row: T): Record<string, unknown> {
  const json = JSON.stringify(row);
  const plain = JSON.parse(json) as Record<string, unknown>;
  // JSON writes NUL as the escape \u0000: without one, no key or value holds it and the walk is spared.
  return json.includes('\\u0000') ? (withoutNul(plain) as Record<string, unknown>) : plain;
}

function withoutNul(value: unknown): unknown {
  if (typeof value === 'string') return value.includes('\u0000') ? value.replaceAll('\u0000', '\uFFFD') : value;
  if (Array.isArray(value)) return value.map(withoutNul);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [withoutNul(k) as string, withoutNul(v)]));
  return value;
}
