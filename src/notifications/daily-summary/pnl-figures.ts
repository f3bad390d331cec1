/**
 * The daily summary's PnL lines from the account events' PnL rows (one per
 * symbol, exact decimal strings): realized PnL, fees and funding summed, and
 * the win rate, closing fills with a profit over those with a profit or a
 * loss, to one decimal (pure). No rows: nothing (the lines are left out).
 */
import Decimal from 'decimal.js';
import type { DailySummary } from '../notification-events';

export interface PnlRow {
  realized_pnl: string;
  fees: string;
  funding: string;
  wins: number;
  losses: number;
}

export function pnlFigures(rows: PnlRow[]): Pick<DailySummary, 'realizedPnl' | 'fees' | 'funding' | 'winRate'> {
  if (rows.length === 0) return {};
  const sum = (pick: (r: PnlRow) => string) => rows.reduce((total, r) => total.add(pick(r)), new Decimal(0));
  const wins = rows.reduce((n, r) => n + r.wins, 0);
  const decided = wins + rows.reduce((n, r) => n + r.losses, 0);
  return {
    realizedPnl: sum((r) => r.realized_pnl).toFixed(),
    fees: sum((r) => r.fees).toFixed(),
    funding: sum((r) => r.funding).toFixed(),
    winRate: decided ? new Decimal(wins).mul(100).div(decided).toDecimalPlaces(1).toFixed() : undefined,
  };
}
