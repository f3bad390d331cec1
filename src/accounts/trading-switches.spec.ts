import { Pool } from 'pg';
import { PrismaService } from '../database/prisma.service';
import { accountBlocker, botBlocker, GLOBAL_SWITCH_ID, TradingSwitches } from './trading-switches';

describe('kill switches (pure decisions)', () => {
  const free = { halted: false, haltReason: null };
  const bot = { name: 'Trend', halted: false, haltReason: null, enabled: true };

  it('the global switch wins over everything, with its reason', () => {
    const stop = botBlocker({ halted: true, haltReason: 'incident' }, bot);
    expect(stop).toMatchObject({ code: 'HALTED', httpStatus: 423 });
    expect(stop!.message).toMatch(/global kill switch\): incident/);
  });

  it("then the bot's switch, then its enabled flag", () => {
    expect(botBlocker(free, { ...bot, halted: true })!.message).toMatch(/bot Trend/);
    expect(botBlocker(free, { ...bot, enabled: false })).toMatchObject({ code: 'DISABLED', httpStatus: 423 });
    expect(botBlocker(free, bot)).toBeUndefined();
    expect(botBlocker(free, null)).toBeUndefined();
  });

  it("an account's switch and enabled flag", () => {
    const account = { name: 'Alice', halted: false, haltReason: null, enabled: true };
    expect(accountBlocker(account)).toBeUndefined();
    expect(accountBlocker({ ...account, halted: true, haltReason: 'margin' })!.message).toMatch(
      /account Alice\): margin/,
    );
    expect(accountBlocker({ ...account, enabled: false })).toMatchObject({ code: 'DISABLED' });
  });
});

describe('TradingSwitches reads', () => {
  type Row = { kind: string; id: string; name: string; halted: boolean; haltReason: string | null; enabled: boolean };
  function switches(answer: () => Promise<Row[]>) {
    const query = jest.fn(async () => ({ rows: await answer() }));
    return { query, switches: new TradingSwitches({} as PrismaService, { query } as unknown as Pool) };
  }
  const row = (kind: string, id: string, halted = false): Row => ({
    kind,
    id,
    name: id,
    halted,
    haltReason: halted ? 'why' : null,
    enabled: true,
  });

  it("reads the global, the bot's and every account's switch of one turn in one statement", async () => {
    const { query, switches: s } = switches(async () => [
      row('global', GLOBAL_SWITCH_ID),
      row('bot', 'b1'),
      row('account', 'a1'),
      row('account', 'a2', true),
    ]);
    const [bot, a1, a2, unknown] = await Promise.all([
      s.blockerForBot('b1'),
      s.blockerForAccount('a1'),
      s.blockerForAccount('a2'),
      s.blockerForAccount('gone'),
    ]);
    expect(query).toHaveBeenCalledTimes(1);
    expect((query.mock.calls[0] as unknown[])[1]).toEqual([[GLOBAL_SWITCH_ID], ['b1'], ['a1', 'a2', 'gone']]);
    expect([bot, a1, unknown]).toEqual([undefined, undefined, undefined]);
    expect(a2!.message).toMatch(/account a2\): why/);
  });

  it('keeps the switches as last seen while Postgres does not answer', async () => {
    let down = false;
    const { switches: s } = switches(async () => {
      if (down) throw new Error('connection refused');
      return [row('global', GLOBAL_SWITCH_ID, true), row('account', 'a1', true)];
    });
    expect((await s.blockerForBot('b1'))!.message).toMatch(/global kill switch/);
    expect(await s.blockerForAccount('a1')).toBeDefined();
    down = true;
    expect((await s.blockerForBot('b1'))!.message).toMatch(/global kill switch/);
    expect((await s.blockerForAccount('a1'))!.message).toMatch(/account a1/);
  });
});
