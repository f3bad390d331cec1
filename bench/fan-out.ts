/**
 * The fan-out scenario of `npm run bench`: one alert to a bot of N accounts
 * (50 by default), each a live account of its own on the fake Binance, at
 * latency L per request. Reports the wall time of the alert in round trips
 * (wall ÷ L) and the exchange requests per account, and checks every account
 * answered 200 with its own order. Each account holds its own user-data
 * stream: the alerts are sent once every account's state is fresh.
 */
import { ADMIN_TOKEN, BenchEnvironment } from './bench-service';
import { flatten, settle } from './fake-positions';
import { postJson } from './post-json';

export interface FanOutResult {
  accounts: number;
  alerts: number;
  p50Ms: number;
  maxMs: number;
  roundTrips: number;
  requestsPerAccount: number;
  /** Every bench account's requests by kind ("POST /fapi/v1/order": n), summed over the alerts. */
  requestKinds: Record<string, number>;
  /** p50 over the alerts of when the first and the last account's order reached the fake, from the alert's start. */
  firstOrderMs: number;
  lastOrderMs: number;
  failures: number;
}

const BOT_SECRET = 'bench-bot-secret-0123456789';
/** The first account that did not answer 200, for the report. */
export let firstError: string | undefined;

async function admin(env: BenchEnvironment, path: string, body: unknown): Promise<{ id: string }> {
  const response = await fetch(`${env.serviceUrl}/api/admin/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify(body),
  });
  if (response.status !== 201)
    throw new Error(`POST /api/admin/${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string };
}

async function alert(env: BenchEnvironment, body: object): Promise<{ ms: number; ok: number; status: number }> {
  const started = performance.now();
  const response = await postJson<{ executions?: Array<{ http_status: number; error?: string }> }>(
    `${env.serviceUrl}/api/bots/fan-out/webhook?token=${BOT_SECRET}`,
    body,
  );
  const answer = response.body;
  const bad = (answer.executions ?? []).find((e) => e.http_status !== 200);
  if (bad && !firstError) firstError = `${bad.http_status} ${bad.error ?? ''}`;
  const ms = performance.now() - started;
  return { ms, status: response.status, ok: (answer.executions ?? []).filter((e) => e.http_status === 200).length };
}

/** Waits until every bot account's live state is connected and fresh (GET /api/health), up to a minute. */
async function allFresh(env: BenchEnvironment, accounts: number): Promise<void> {
  const until = Date.now() + 60_000;
  let seen = { accounts: 0, connected: 0, fresh: 0 };
  while (Date.now() < until) {
    const health = (await (await fetch(`${env.serviceUrl}/api/health`)).json()) as {
      info?: { streams?: { accounts?: typeof seen } };
      details?: { streams?: { accounts?: typeof seen } };
    };
    seen = (health.info ?? health.details)?.streams?.accounts ?? seen;
    if (seen.fresh >= accounts) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  process.stderr.write(
    `bench: only ${seen.fresh} of ${accounts} accounts fresh after a minute (${seen.connected} connected)\n`,
  );
}

/** Closes the symbol's position on every account through orders, so each account's stream tells the service. */
async function flattenAll(env: BenchEnvironment, symbol: string): Promise<void> {
  let changed = false;
  for (const account of env.fake.accounts.all()) if (flatten(account.engine, symbol)) changed = true;
  if (changed) await settle(50);
}

export async function fanOutScenario(
  env: BenchEnvironment,
  accounts: number,
  alerts: number,
  latency: number,
): Promise<FanOutResult> {
  await setUpFanOut(env, accounts);
  return runFanOut(env, accounts, alerts, latency);
}

/** The bot and its accounts (each its own live account on the fake), warmed by two alerts at L = 0. */
export async function setUpFanOut(env: BenchEnvironment, accounts: number): Promise<void> {
  env.fake.latencyMs = 0;
  const ids: string[] = [];
  for (let i = 0; i < accounts; i++) {
    const apiKey = `bench-account-${i}`;
    env.fake.accounts.add({ apiKey, apiSecret: `${apiKey}-secret`, walletUsdt: String(10_000 + i * 100) });
    const body = { name: `bench ${i}`, mode: 'live', api_key: apiKey, api_secret: `${apiKey}-secret` };
    ids.push((await admin(env, 'accounts', body)).id);
  }
  await admin(env, 'bots', { name: 'fan-out', slug: 'fan-out', webhook_secret: BOT_SECRET, account_ids: ids });
  // Warm up: every adapter started, its stream connected and its state read, then leverage set on each account
  // (the first alert also subscribes the symbol's mark price, pushed every second); a second alert once the
  // mark price is there runs the fresh path once before the measured alerts.
  await allFresh(env, accounts);
  await alert(env, WARM_UP);
  await settle(1500);
  await flattenAll(env, 'BTCUSDT');
  await allFresh(env, accounts);
  await alert(env, WARM_UP);
}

const WARM_UP = { symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.05, leverage: 5 };

/** `alerts` alerts one after another, each to every account of the bot, at latency L. */
export async function runFanOut(
  env: BenchEnvironment,
  accounts: number,
  alerts: number,
  latency: number,
): Promise<FanOutResult> {
  const times: number[] = [];
  const firstOrders: number[] = [];
  const lastOrders: number[] = [];
  const requestKinds: Record<string, number> = {};
  let failures = 0;
  let requests = 0;
  for (let n = 0; n < alerts; n++) {
    await flattenAll(env, 'BTCUSDT');
    await allFresh(env, accounts);
    env.fake.latencyMs = latency;
    env.fake.requests = [];
    const startedAt = Date.now();
    const result = await alert(env, { symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.05, leverage: 5 });
    // The bench accounts' own requests (not the default account's stream upkeep or back-fill).
    const own = env.fake.requests.filter((r) => r.apiKey?.startsWith('bench-account-'));
    requests += own.length;
    for (const r of own) requestKinds[`${r.method} ${r.path}`] = (requestKinds[`${r.method} ${r.path}`] ?? 0) + 1;
    const orders = own.filter((r) => r.path === '/fapi/v1/order').map((r) => r.receivedAt - startedAt);
    if (orders.length) {
      firstOrders.push(Math.min(...orders));
      lastOrders.push(Math.max(...orders));
    }
    env.fake.latencyMs = 0;
    times.push(result.ms);
    if (result.status !== 200 || result.ok !== accounts) failures++;
  }
  const p50 = median(times);
  return {
    accounts,
    alerts,
    p50Ms: Math.round(p50),
    maxMs: Math.round(Math.max(...times)),
    roundTrips: latency > 0 ? Math.round((p50 / latency) * 10) / 10 : 0,
    requestsPerAccount: Math.round((requests / alerts / accounts) * 10) / 10,
    requestKinds,
    firstOrderMs: Math.round(median(firstOrders)),
    lastOrderMs: Math.round(median(lastOrders)),
    failures,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : 0;
}
