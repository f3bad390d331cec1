/**
 * The fan-out scenario of `npm run bench`: one alert to a bot of N accounts
 * (50 by default), each a live account of its own on the fake Binance, at
 * latency L per request. Reports the wall time of the alert in round trips
 * (wall ÷ L) and the exchange requests per account, and checks every account
 * answered 200 with its own order.
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

/** The bot and its accounts (each its own live account on the fake), warmed by one alert at L = 0. */
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
  // Warm up: every adapter started and its settings read, leverage and margin type set on each account.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  await alert(env, { symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.05, leverage: 5 });
}

/** `alerts` alerts one after another, each to every account of the bot, at latency L. */
export async function runFanOut(
  env: BenchEnvironment,
  accounts: number,
  alerts: number,
  latency: number,
): Promise<FanOutResult> {
  const times: number[] = [];
  let failures = 0;
  let requests = 0;
  for (let n = 0; n < alerts; n++) {
    await flattenAll(env, 'BTCUSDT');
    env.fake.latencyMs = latency;
    env.fake.requests = [];
    const result = await alert(env, { symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.05, leverage: 5 });
    requests += env.fake.requests.length;
    env.fake.latencyMs = 0;
    times.push(result.ms);
    if (result.status !== 200 || result.ok !== accounts) failures++;
  }
  times.sort((a, b) => a - b);
  const p50 = times[Math.floor((times.length - 1) / 2)];
  return {
    accounts,
    alerts,
    p50Ms: Math.round(p50),
    maxMs: Math.round(times[times.length - 1]),
    roundTrips: latency > 0 ? Math.round((p50 / latency) * 10) / 10 : 0,
    requestsPerAccount: Math.round((requests / alerts / accounts) * 10) / 10,
    failures,
  };
}
