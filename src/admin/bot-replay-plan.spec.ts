import { botReplayPlan } from './bot-replay-plan';

const accounts = [
  { id: 'a', name: 'Alice', enabled: true },
  { id: 'b', name: 'Bob', enabled: true },
  { id: 'p', name: 'Paper', enabled: true },
];

describe('botReplayPlan', () => {
  it('runs only the accounts whose every execution failed or was refused, or that had none', () => {
    const plan = botReplayPlan(accounts, [
      { id: 'x-0', accountId: 'a', status: 'EXECUTED' },
      { id: 'x-1', accountId: 'b', status: 'FAILED' },
    ]);
    expect(plan.run).toEqual(['b', 'p']);
    expect(plan.skipped).toEqual([
      { account_id: 'a', account: 'Alice', reason: expect.stringMatching(/already went through \(execution x-0/) },
    ]);
  });

  it('never runs an account that went through in an earlier replay, or whose execution may still run', () => {
    const plan = botReplayPlan(accounts, [
      { id: 'x-1', accountId: 'b', status: 'FAILED' },
      { id: 'r-1', accountId: 'b', status: 'SKIPPED' },
      { id: 'x-0', accountId: 'a', status: 'PROCESSING' },
      { id: 'x-2', accountId: 'p', status: 'RECEIVED' },
    ]);
    expect(plan.run).toEqual([]);
    expect(plan.skipped.map((s) => [s.account_id, s.reason])).toEqual([
      ['a', expect.stringMatching(/^execution x-0 is still processing .*could trade twice$/)],
      ['b', expect.stringMatching(/^already went through \(execution r-1, skipped\)/)],
      ['p', expect.stringMatching(/^execution x-2 is still received/)],
    ]);
  });

  it('leaves out disabled accounts and names the accounts no longer in the bot', () => {
    const plan = botReplayPlan(
      [
        { id: 'a', name: 'Alice', enabled: false },
        { id: 'p', name: 'Paper', enabled: true },
      ],
      [
        { id: 'x-0', accountId: 'a', status: 'FAILED' },
        { id: 'x-1', accountId: 'b', status: 'FAILED' },
      ],
    );
    expect(plan.run).toEqual(['p']);
    expect(plan.skipped).toEqual([
      { account_id: 'a', account: 'Alice', reason: 'the account is disabled' },
      { account_id: 'b', reason: 'no longer an account of the bot' },
    ]);
  });
});

describe('botReplayPlan and orders that may have traded', () => {
  it('never runs an account whose failed execution has an order that may have executed', () => {
    const plan = botReplayPlan(accounts, [
      { id: 'x-0', accountId: 'a', status: 'FAILED', orders: [{ clientOrderId: 'tvb_x-0_op', status: 'UNKNOWN' }] },
      { id: 'x-1', accountId: 'b', status: 'FAILED', orders: [{ clientOrderId: 'tvb_x-1_op', status: 'FILLED' }] },
      {
        id: 'x-2',
        accountId: 'p',
        status: 'FAILED',
        orders: [{ clientOrderId: 'tvb_x-2_op', status: 'CANCELED', executedQty: '0.001' }],
      },
    ]);
    expect(plan.run).toEqual([]);
    expect(plan.skipped.map((s) => [s.account_id, s.reason])).toEqual([
      [
        'a',
        expect.stringMatching(/^execution x-0: order tvb_x-0_op is unknown \(its answer was lost.*check the posit/),
      ],
      ['b', expect.stringMatching(/^execution x-1: order tvb_x-1_op is filled \(it executed\): replaying could trade/)],
      ['p', expect.stringMatching(/^execution x-2: order tvb_x-2_op is canceled \(it executed in part\)/)],
    ]);
  });

  it('runs an account whose failed execution has only orders that ended with nothing executed', () => {
    const plan = botReplayPlan(accounts.slice(0, 1), [
      {
        id: 'x-0',
        accountId: 'a',
        status: 'FAILED',
        orders: [
          { clientOrderId: 'o1', status: 'FAILED' },
          { clientOrderId: 'o2', status: 'REJECTED' },
          { clientOrderId: 'o3', status: 'EXPIRED', executedQty: '0' },
        ],
      },
    ]);
    expect(plan.run).toEqual(['a']);
  });
});
