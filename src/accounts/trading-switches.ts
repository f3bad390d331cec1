/**
 * The kill switches: global (POST /api/admin/halt, /resume), per bot and per
 * account, kept in Postgres so every instance obeys them. Every path that can
 * trade asks here first; while a switch is on, the alert is recorded and
 * answered 423 and nothing is sent. The last state read is kept: should
 * Postgres not answer, the switches stay as they were last seen rather than
 * flipping either way. Every switch asked for in one turn of the event loop
 * (the global one, the bot's, each account's of a fan-out) is read by one
 * statement: an alert costs one read, not one per switch. While a read is on
 * its way, the alerts arriving meanwhile wait for it and share the next read
 * (one made after they arrived, so a halt committed before an alert arrives
 * still stops it).
 */
import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { SignalRejection } from '../common/signal-rejection';
import { TickBatch } from '../common/tick-batch';
import { PG_POOL } from '../database/database.module';
import { PrismaService } from '../database/prisma.service';

export const GLOBAL_SWITCH_ID = 'global';

export interface SwitchState {
  halted: boolean;
  reason: string | null;
  since: Date | null;
}

interface Halted {
  halted: boolean;
  haltReason: string | null;
  enabled?: boolean;
}

type Named = Halted & { name: string };

/** One switch to read: the global one, a bot's or an account's. */
export interface SwitchLookup {
  kind: 'global' | 'bot' | 'account';
  id: string;
}

export interface SwitchRow extends Named {
  kind: SwitchLookup['kind'];
  id: string;
}

/** Every switch of one batch in one statement (ids missing from their table are simply not answered). */
export function switchesSql(lookups: SwitchLookup[]): { text: string; values: unknown[] } {
  const ids = (kind: SwitchLookup['kind']) => [...new Set(lookups.filter((l) => l.kind === kind).map((l) => l.id))];
  return {
    text:
      `SELECT 'global' AS kind, id, '' AS name, halted, "haltReason", NULL::boolean AS enabled ` +
      `FROM "TradingSwitch" WHERE id = ANY($1::text[]) ` +
      `UNION ALL SELECT 'bot', id, name, halted, "haltReason", enabled FROM "Bot" WHERE id = ANY($2::text[]) ` +
      `UNION ALL SELECT 'account', id, name, halted, "haltReason", enabled FROM "Account" WHERE id = ANY($3::text[])`,
    values: [ids('global'), ids('bot'), ids('account')],
  };
}

const RESUME = 'POST /api/admin/resume (global), /api/admin/bots/{id}/resume or /api/admin/accounts/{id}/resume';

export function haltedError(what: string, reason: string | null): SignalRejection {
  const why = reason ? `: ${reason}` : '';
  return new SignalRejection(
    `Trading is halted (${what})${why}: the alert is recorded, nothing was sent`,
    'HALTED',
    423,
    [`Resume with ${RESUME} (admin token)`],
  );
}

/** Pure: what keeps a bot's alert (and which of its accounts) from trading, if anything. */
export function botBlocker(global: Halted, bot: (Halted & { name: string }) | null): SignalRejection | undefined {
  if (global.halted) return haltedError('global kill switch', global.haltReason);
  if (!bot) return undefined;
  if (bot.halted) return haltedError(`bot ${bot.name}`, bot.haltReason);
  if (bot.enabled === false) {
    return new SignalRejection(
      `Bot ${bot.name} is disabled: the alert is recorded, nothing was sent`,
      'DISABLED',
      423,
      ['Enable it with PATCH /api/admin/bots/{id} {"enabled": true} (admin token)'],
    );
  }
  return undefined;
}

/** Pure: why one account may not trade, if it may not. */
export function accountBlocker(account: Halted & { name: string }): SignalRejection | undefined {
  if (account.halted) return haltedError(`account ${account.name}`, account.haltReason);
  if (account.enabled === false) {
    return new SignalRejection(`Account ${account.name} is disabled: nothing was sent`, 'DISABLED', 423, [
      'Enable it with PATCH /api/admin/accounts/{id} {"enabled": true} (admin token)',
    ]);
  }
  return undefined;
}

@Injectable()
export class TradingSwitches {
  private readonly last = new Map<string, Named>();
  /** One read on its way at a time: the alerts that arrive meanwhile share the next (never an earlier read). */
  private readonly reads = new TickBatch<SwitchLookup, Named | null>((lookups) => this.readSwitches(lookups), 0, 1);

  constructor(
    private readonly prisma: PrismaService,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  async state(): Promise<SwitchState> {
    const row = await this.prisma.tradingSwitch.findUnique({ where: { id: GLOBAL_SWITCH_ID } });
    return { halted: row?.halted ?? false, reason: row?.haltReason ?? null, since: row?.haltedAt ?? null };
  }

  async halt(reason?: string): Promise<SwitchState> {
    const data = { halted: true, haltReason: reason ?? null, haltedAt: new Date() };
    await this.prisma.tradingSwitch.upsert({
      where: { id: GLOBAL_SWITCH_ID },
      create: { id: GLOBAL_SWITCH_ID, ...data },
      update: data,
    });
    this.last.set(key({ kind: 'global', id: GLOBAL_SWITCH_ID }), { name: '', ...data });
    return this.state();
  }

  async resume(): Promise<SwitchState> {
    const data = { halted: false, haltReason: null, haltedAt: null };
    await this.prisma.tradingSwitch.upsert({
      where: { id: GLOBAL_SWITCH_ID },
      create: { id: GLOBAL_SWITCH_ID, ...data },
      update: data,
    });
    this.last.set(key({ kind: 'global', id: GLOBAL_SWITCH_ID }), { name: '', ...data });
    return this.state();
  }

  /** What keeps this bot's alerts from trading now (global switch, the bot's switch), if anything. */
  async blockerForBot(botId: string): Promise<SignalRejection | undefined> {
    const [global, bot] = await Promise.all([
      this.read({ kind: 'global', id: GLOBAL_SWITCH_ID }),
      this.read({ kind: 'bot', id: botId }),
    ]);
    return botBlocker(global ?? { halted: false, haltReason: null }, bot);
  }

  /**
   * What keeps one account's execution of a bot's alert from trading now: the global switch, the bot's
   * or the account's (one statement). Asked when the account's turn comes and before each order, so a
   * switch turned on while the alert waits in the queue, or while it trades, still stops it.
   */
  async blockerForExecution(botId: string, accountId: string): Promise<SignalRejection | undefined> {
    const [bot, account] = await Promise.all([this.blockerForBot(botId), this.blockerForAccount(accountId)]);
    return bot ?? account;
  }

  /** Why this account may not trade now, if it may not. */
  async blockerForAccount(accountId: string): Promise<SignalRejection | undefined> {
    const account = await this.read({ kind: 'account', id: accountId });
    return account ? accountBlocker(account) : undefined;
  }

  /** The switches that stop an alert of this bot trading on this account: global, the bot's, the account's. */
  static lookupsFor(botId: string, accountId: string): SwitchLookup[] {
    return [
      { kind: 'global', id: GLOBAL_SWITCH_ID },
      { kind: 'bot', id: botId },
      { kind: 'account', id: accountId },
    ];
  }

  /**
   * What stops an alert of lookupsFor(botId, accountId), from the rows of switchesSql read by another
   * statement together with its own work (the signal's row): kept as last seen, as a read of our own.
   */
  blockerFromRows(lookups: SwitchLookup[], rows: SwitchRow[]): SignalRejection | undefined {
    const [global, bot, account] = this.remember(lookups, rows);
    return (
      botBlocker(global ?? { halted: false, haltReason: null }, bot) ?? (account ? accountBlocker(account) : undefined)
    );
  }

  /** A switch as Postgres has it now, or as last seen when Postgres does not answer. */
  private read(lookup: SwitchLookup): Promise<Named | null> {
    return this.reads.request(lookup).catch(() => this.last.get(key(lookup)) ?? null);
  }

  private async readSwitches(lookups: SwitchLookup[]): Promise<Array<Named | null>> {
    const { text, values } = switchesSql(lookups);
    const { rows } = await this.pool.query<SwitchRow>(text, values);
    return this.remember(lookups, rows);
  }

  /** Each lookup's switch in the rows read (null: none), kept as the last seen. */
  private remember(lookups: SwitchLookup[], rows: SwitchRow[]): Array<Named | null> {
    const found = new Map(rows.map((row) => [key(row), row]));
    return lookups.map((lookup) => {
      const row = found.get(key(lookup));
      if (!row) {
        // Not there (yet): no switch holds it, and nothing stale is kept for it.
        this.last.delete(key(lookup));
        return null;
      }
      const seen: Named = {
        name: row.name,
        halted: row.halted,
        haltReason: row.haltReason,
        ...(row.enabled === null ? {} : { enabled: row.enabled }),
      };
      this.last.set(key(lookup), seen);
      return seen;
    });
  }
}

function key(lookup: SwitchLookup): string {
  return `${lookup.kind}:${lookup.id}`;
}
