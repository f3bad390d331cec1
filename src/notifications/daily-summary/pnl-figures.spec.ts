import { pnlFigures } from './pnl-figures';

const row = (realized_pnl: string, fees: string, funding: string, wins: number, losses: number) => ({
  realized_pnl,
  fees,
  funding,
  wins,
  losses,
});

describe('the daily summary PnL lines', () => {
  it('sums the symbols exactly and gives the win rate to one decimal', () => {
    expect(pnlFigures([row('100.1', '2.02', '-0.1', 2, 1), row('-0.2', '0.01', '0.3', 0, 0)])).toEqual({
      realizedPnl: '99.9',
      fees: '2.03',
      funding: '0.2',
      winRate: '66.7',
    });
  });

  it('leaves the win rate out without a closing fill, and everything out without account events', () => {
    expect(pnlFigures([row('0', '0.5', '-1.25', 0, 0)])).toEqual({
      realizedPnl: '0',
      fees: '0.5',
      funding: '-1.25',
      winRate: undefined,
    });
    expect(pnlFigures([])).toEqual({});
  });
});
