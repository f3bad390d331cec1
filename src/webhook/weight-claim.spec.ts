import { weightClaim } from './weight-claim';

describe('weightClaim', () => {
  it('closes, partial exits and flat targets only reduce; entries and other targets may add', () => {
    expect(weightClaim('bot', { action: 'close' })).toEqual({ holder: 'bot', reducesOnly: true });
    expect(weightClaim('bot', { action: 'target', target: { position: 'flat' } }).reducesOnly).toBe(true);
    expect(weightClaim('bot', { action: 'target', target: { position: 'long' } }).reducesOnly).toBe(false);
    expect(weightClaim('bot', { action: 'buy' }).reducesOnly).toBe(false);
    expect(weightClaim('bot', { action: 'sell' }).reducesOnly).toBe(false);
  });
});
