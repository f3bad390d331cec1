/**
 * `npm run fake-binance -- --help` documents the control API: every route of
 * the fake's /__control router (a new control or fault fails this test until
 * it is listed), with its parameters, and exits 0 without starting a server.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { CONTROL_ENDPOINTS } from '../fake-binance/control-help';
import { FakeBinanceServer } from '../fake-binance/fake-binance-server';

const ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);

describe('npm run fake-binance -- --help', () => {
  it('prints every control endpoint with its parameters and exits 0', async () => {
    const { stdout } = await run('npm', ['run', '--silent', 'fake-binance', '--', '--help'], {
      cwd: ROOT,
      timeout: 60_000,
    });
    const routes = new FakeBinanceServer().controlEndpoints();
    expect(routes.length).toBeGreaterThanOrEqual(9);
    for (const route of routes)
      expect(stdout).toMatch(new RegExp(`^  ${route.replace(' ', ' +').replace(/[/.]/g, '\\$&')}$`, 'm'));
    for (const endpoint of CONTROL_ENDPOINTS) for (const param of endpoint.params) expect(stdout).toContain(param);
    // The faults that can be injected are named, and the new controls too.
    for (const word of [
      'timeout?: boolean',
      'execute?: boolean',
      'retryAfter?',
      'triggeredAlgoIds',
      'openAlgoOrders',
      '--port N',
    ])
      expect(stdout).toContain(word);
    expect(stdout).not.toContain('listening');
  });

  it('documents only routes that exist', () => {
    const routes = new FakeBinanceServer().controlEndpoints();
    expect(CONTROL_ENDPOINTS.map((c) => `${c.method} /__control${c.path}`).sort()).toEqual([...routes].sort());
  });
});
