/** The fake server authenticates like Binance: key header, HMAC-SHA256 signature, timestamp window. */
import { signPayload } from '../fake-binance/binance-auth';
import { FakeBinanceServer } from '../fake-binance/fake-binance-server';
import { control, startFakeBinance } from '../support/exchange-harness';

describe('fake Binance authentication', () => {
  let fake: FakeBinanceServer;
  beforeAll(async () => {
    fake = await startFakeBinance({ apiKey: 'the-key', apiSecret: 'the-secret' });
  });
  afterAll(() => fake.stop());

  async function call(query: string, init: { key?: string; secret?: string; sign?: (q: string) => string } = {}) {
    const signature = init.sign ? init.sign(query) : signPayload(query, init.secret ?? 'the-secret');
    const headers: Record<string, string> =
      init.key === undefined ? { 'X-MBX-APIKEY': 'the-key' } : init.key === '' ? {} : { 'X-MBX-APIKEY': init.key };
    const response = await fetch(`${fake.url}/fapi/v2/balance?${query}&signature=${signature}`, { headers });
    return { status: response.status, body: (await response.json()) as { code?: number; msg?: string } };
  }
  const fresh = () => `recvWindow=5000&timestamp=${Date.now()}`;

  it('answers a correctly signed request', async () => {
    const { status, body } = await call(fresh());
    expect(status).toBe(200);
    expect(Array.isArray(body)).toBe(true);
  });

  it('rejects a missing API key with -2014', async () => {
    expect(await call(fresh(), { key: '' })).toEqual({
      status: 401,
      body: { code: -2014, msg: 'API-key format invalid.' },
    });
  });

  it('rejects an unknown API key with -2015', async () => {
    const { status, body } = await call(fresh(), { key: 'other-key' });
    expect(status).toBe(401);
    expect(body.code).toBe(-2015);
  });

  it('rejects a signature made with the wrong secret with -1022', async () => {
    expect(await call(fresh(), { secret: 'wrong-secret' })).toEqual({
      status: 400,
      body: { code: -1022, msg: 'Signature for this request is not valid.' },
    });
  });

  it('rejects a tampered parameter with -1022', async () => {
    const signedQuery = `symbol=BTCUSDT&${fresh()}`;
    const signature = signPayload(signedQuery, 'the-secret');
    const tampered = signedQuery.replace('BTCUSDT', 'ETHUSDT');
    const { status, body } = await call(tampered, { sign: () => signature });
    expect(status).toBe(400);
    expect(body.code).toBe(-1022);
  });

  it('rejects a stale timestamp with -1021, and one from the future too', async () => {
    const stale = await call(`recvWindow=5000&timestamp=${Date.now() - 10_000}`);
    expect(stale).toEqual({
      status: 400,
      body: { code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' },
    });
    const ahead = await call(`recvWindow=5000&timestamp=${Date.now() + 5_000}`);
    expect(ahead.body.code).toBe(-1021);
  });

  it('requires a timestamp (-1102)', async () => {
    const { body } = await call('recvWindow=5000');
    expect(body.code).toBe(-1102);
  });

  it('keeps test controls apart from Binance paths', async () => {
    const state = await fetch(`${fake.url}/__control/state`).then((r) => r.json());
    expect(state).toHaveProperty('balances');
    expect((await fetch(`${fake.url}/fapi/v1/nope`)).status).toBe(404);
  });
});

describe('fake Binance test controls', () => {
  let fake: FakeBinanceServer;
  beforeAll(async () => {
    fake = await startFakeBinance();
  });
  afterAll(() => fake.stop());

  it('sets prices, balance, position mode and latency, and reports state and requests', async () => {
    await control(fake, 'reset', {});
    await control(fake, 'price', { symbol: 'ETHUSDT', price: '3100.5' });
    await control(fake, 'balance', { asset: 'USDT', amount: '1234.5' });
    await control(fake, 'position-mode', { dualSidePosition: true });
    await control(fake, 'latency', { ms: 120 });
    const started = Date.now();
    const ticker = await fetch(`${fake.url}/fapi/v1/ticker/price?symbol=ETHUSDT`).then((r) => r.json());
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    expect(ticker).toMatchObject({ symbol: 'ETHUSDT', price: '3100.5' });
    const state = (await control(fake, 'state')) as {
      dualSidePosition: boolean;
      balances: Array<{ asset: string; balance: string }>;
    };
    expect(state.dualSidePosition).toBe(true);
    expect(state.balances.find((b) => b.asset === 'USDT')!.balance).toBe('1234.50000000');
    const requests = (await control(fake, 'requests')) as Array<{ path: string; params: Record<string, string> }>;
    expect(requests.map((r) => r.path)).toEqual(['/fapi/v1/ticker/price']);
    expect(requests[0].params).toEqual({ symbol: 'ETHUSDT' });
    await control(fake, 'reset', {});
    expect(fake.latencyMs).toBe(0);
  });

  it('runs alone with npm run fake-binance', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn('npm', ['run', '--silent', 'fake-binance', '--', '--port', '0'], {
      cwd: `${__dirname}/../..`,
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true,
    });
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        const match = /listening on (http:\/\/[\d.:]+)/.exec(chunk.toString());
        if (match) resolve(match[1]);
      });
      child.once('exit', () => reject(new Error('fake-binance exited')));
    });
    const time = (await fetch(`${url}/fapi/v1/time`).then((r) => r.json())) as { serverTime: number };
    expect(time.serverTime).toBeGreaterThan(0);
    // npm starts node as a child: stop the whole process group.
    process.kill(-child.pid!, 'SIGTERM');
  });
});
