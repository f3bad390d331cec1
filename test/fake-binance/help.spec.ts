import { FakeBinanceServer } from './fake-binance-server';
import { FAKE_BINANCE_HELP } from './help';

describe('npm run fake-binance -- --help', () => {
  it('documents every /__control route the fake serves', () => {
    const fake = new FakeBinanceServer();
    const layers = (fake.app as unknown as { router: { stack: Array<{ handle: { stack?: Array<{ route?: { path: string } }> } }> } }).router.stack;
    const controlPaths = layers.flatMap((layer) => layer.handle.stack ?? []).flatMap((l) => (l.route ? [l.route.path] : []));
    expect(controlPaths.length).toBeGreaterThan(5);
    for (const path of controlPaths) expect(FAKE_BINANCE_HELP).toContain(`/__control${path}`);
  });

  it('documents every fault /__control/fail can inject', () => {
    for (const option of ['"status"', '"code"', '"timeout"', '"drop"', '"execute"', '"executeAfterMs"', '"retryAfter"']) expect(FAKE_BINANCE_HELP).toContain(option);
  });
});
