import { AccountExchanges, FRESH_EXECUTION_WEIGHT } from './account-exchanges';

describe('AccountExchanges.expectedWeight', () => {
  const exchanges = (options: { settingsCached: boolean; liveFresh?: boolean }) => {
    const cache = { isFresh: () => options.settingsCached };
    const liveStates = {
      get: () => (options.liveFresh === undefined ? undefined : { health: () => ({ fresh: options.liveFresh }) }),
    };
    const scopes = { use: () => undefined };
    return new AccountExchanges(
      {} as never,
      {} as never,
      {} as never,
      {} as never,
      cache as never,
      cache as never,
      liveStates as never,
      scopes as never,
    );
  };

  it("reserves the alert's reads without a fresh live state, and the settings reads when not cached", () => {
    expect(exchanges({ settingsCached: true }).expectedWeight('a', 15)).toBe(15);
    expect(exchanges({ settingsCached: true, liveFresh: false }).expectedWeight('a', 15)).toBe(15);
    expect(exchanges({ settingsCached: false }).expectedWeight('a', 15)).toBe(75);
  });

  it('reserves only its orders and settings changes when its live state is fresh', () => {
    expect(exchanges({ settingsCached: true, liveFresh: true }).expectedWeight('a', 15)).toBe(FRESH_EXECUTION_WEIGHT);
    expect(exchanges({ settingsCached: false, liveFresh: true }).expectedWeight('a', 15)).toBe(
      FRESH_EXECUTION_WEIGHT + 60,
    );
  });
});
