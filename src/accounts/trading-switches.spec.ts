import { accountBlocker, botBlocker } from './trading-switches';

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
