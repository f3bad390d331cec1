/**
 * The kill switches: global (POST /api/admin/halt, /resume), per bot and per
 * account, kept in Postgres so every instance obeys them. Every path that can
 * trade asks here first; while a switch is on, the alert is recorded and
 * answered 423 and nothing is sent. The last state read is kept: should
 * Postgres not answer, the switches stay as they were last seen rather than
 * flipping either way.
 */
import { Injectable } from '@nestjs/common';
import { SignalRejection } from '../common/signal-rejection';
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
  private lastGlobal: Halted = { halted: false, haltReason: null };
  private readonly lastBots = new Map<string, Halted & { name: string }>();
  private readonly lastAccounts = new Map<string, Halted & { name: string }>();

  constructor(private readonly prisma: PrismaService) {}

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
    this.lastGlobal = data;
    return this.state();
  }

  async resume(): Promise<SwitchState> {
    const data = { halted: false, haltReason: null, haltedAt: null };
    await this.prisma.tradingSwitch.upsert({
      where: { id: GLOBAL_SWITCH_ID },
      create: { id: GLOBAL_SWITCH_ID, ...data },
      update: data,
    });
    this.lastGlobal = data;
    return this.state();
  }

  /** What keeps this bot's alerts from trading now (global switch, the bot's switch), if anything. */
  async blockerForBot(botId: string): Promise<SignalRejection | undefined> {
    const [global, bot] = await Promise.all([this.global(), this.bot(botId)]);
    return botBlocker(global, bot);
  }

  /** Why this account may not trade now, if it may not. */
  async blockerForAccount(accountId: string): Promise<SignalRejection | undefined> {
    const select = { name: true, halted: true, haltReason: true, enabled: true };
    const account = await this.prisma.account
      .findUnique({ where: { id: accountId }, select })
      .then((row) => {
        if (row) this.lastAccounts.set(accountId, row);
        return row;
      })
      .catch(() => this.lastAccounts.get(accountId) ?? null);
    return account ? accountBlocker(account) : undefined;
  }

  private global(): Promise<Halted> {
    return this.prisma.tradingSwitch
      .findUnique({ where: { id: GLOBAL_SWITCH_ID }, select: { halted: true, haltReason: true } })
      .then((row) => (this.lastGlobal = row ?? { halted: false, haltReason: null }))
      .catch(() => this.lastGlobal);
  }

  private bot(botId: string): Promise<(Halted & { name: string }) | null> {
    const select = { name: true, halted: true, haltReason: true, enabled: true };
    return this.prisma.bot
      .findUnique({ where: { id: botId }, select })
      .then((row) => {
        if (row) this.lastBots.set(botId, row);
        return row;
      })
      .catch(() => this.lastBots.get(botId) ?? null);
  }
}
