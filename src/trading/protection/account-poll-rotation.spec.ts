import { AccountPollRotation } from './account-poll-rotation';

const accounts = ['a', 'b', 'c'].map((accountId) => ({ accountId, weight: 1 }));

describe('AccountPollRotation', () => {
  it('checks every account on every pass while the allowance holds', () => {
    const rotation = new AccountPollRotation(100, () => 0);
    for (let pass = 0; pass < 5; pass++)
      expect(rotation.pick(accounts).map((a) => a.accountId)).toEqual(['a', 'b', 'c']);
  });

  it('stops at the minute allowance, and the next minute starts after the last account checked', () => {
    let now = 0;
    const rotation = new AccountPollRotation(2, () => now);
    expect(rotation.pick(accounts).map((a) => a.accountId)).toEqual(['a', 'b']);
    expect(rotation.pick(accounts)).toEqual([]);
    now = 60_000;
    expect(rotation.pick(accounts).map((a) => a.accountId)).toEqual(['c', 'a']);
    now = 120_000;
    expect(rotation.pick(accounts).map((a) => a.accountId)).toEqual(['b', 'c']);
  });

  it("counts each account's weight (its symbols), and skips none for good when the list changes", () => {
    let now = 0;
    const rotation = new AccountPollRotation(3, () => now);
    const weighted = [
      { accountId: 'a', weight: 2 },
      { accountId: 'b', weight: 2 },
      { accountId: 'c', weight: 1 },
    ];
    expect(rotation.pick(weighted).map((a) => a.accountId)).toEqual(['a']);
    now = 60_000;
    // b no longer has open protection: the turn goes to the next account after a.
    expect(rotation.pick(weighted.filter((a) => a.accountId !== 'b')).map((a) => a.accountId)).toEqual(['c', 'a']);
  });
});
