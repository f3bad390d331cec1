/**
 * `npm run bench [-- --quick] [-- --latency 50]`: how many exchange round trips
 * stand between a webhook and its order, and what our own code adds.
 *
 * Starts the fake Binance with latency L per request and the built service in
 * live mode against it (real Postgres), then runs open / reversal / close on
 * 1 and 10 symbols, one at a time and 50 in flight, and reports p50/p95/p99,
 * exchange requests per signal and round-trip depth (p50 ÷ L), first with
 * Binance's streams on (the account state fed by them), then, after a restart
 * with BINANCE_STREAMS=off, one at a time over REST only. With L = 0 it
 * measures throughput over 10 symbols (every record checked in Postgres) and
 * our own overhead, and it reports the service's idle and peak RSS. The
 * fan-out scenario sends one alert to a bot of 50 accounts (bench/fan-out.ts);
 * the sequential baseline (bench/sequential-baseline.ts) is a simple bot's
 * eight awaited calls, timed against the same fake for the ratio to ours.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { exitWithHelpIfAsked } from '../src/common/cli-help';
import { BenchEnvironment, memoryOf, startBenchEnvironment, WEBHOOK_SECRET } from './bench-service';
import { fanOutScenario, firstError } from './fan-out';
import { flatten, openLong, settle } from './fake-positions';
import { postJson } from './post-json';
import { sequentialBaseline } from './sequential-baseline';

type ScenarioName = 'open' | 'reversal' | 'close';

interface ScenarioResult {
  name: ScenarioName;
  symbols: number;
  inFlight: number;
  /** Whether the service followed Binance's streams (BINANCE_STREAMS=on) or read over REST only. */
  streams: boolean;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  requestsPerSignal: number;
  rttDepth: number;
}

const TEN = [
  'BTCUSDT',
  'ETHUSDT',
  'SOLUSDT',
  'XRPUSDT',
  'DOGEUSDT',
  '1000PEPEUSDT',
  'BNBUSDT',
  'ADAUSDT',
  'LINKUSDT',
  'LTCUSDT',
];
const args = process.argv.slice(2);
exitWithHelpIfAsked(
  `Measures webhook-to-order latency against the fake Binance (latency L per request) on a real Postgres,
and writes bench/results/latest.json.

usage: npm run bench [-- --quick] [-- --latency MS]
  --quick        a short run (under 90 s)
  --latency MS   L, the fake's delay per request (default 50; 0 measures throughput and our own overhead)

Postgres: DATABASE_URL when set, otherwise an embedded server.`,
  args,
);
const quick = args.includes('--quick');
const latencyArg = args.indexOf('--latency');
const LATENCY = latencyArg >= 0 ? Number(args[latencyArg + 1]) : 50;
const WEBHOOK = '/api/binance/advanced-trading-webhook';

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[index] * 10) / 10;
}

const firstFailures: string[] = [];
let totalFailures = 0;

async function post(env: BenchEnvironment, body: unknown): Promise<{ ms: number; status: number; id?: string }> {
  const started = performance.now();
  const response = await postJson<{ id?: string; error?: string }>(`${env.serviceUrl}${WEBHOOK}`, body);
  const answer = response.body;
  if (response.status !== 200) totalFailures++;
  if (response.status !== 200 && firstFailures.length < 3) firstFailures.push(`${response.status} ${answer.error}`);
  return { ms: performance.now() - started, status: response.status, id: answer.id };
}

async function runScenario(
  env: BenchEnvironment,
  name: ScenarioName,
  symbols: string[],
  inFlight: number,
  count: number,
  latency: number,
): Promise<ScenarioResult> {
  const direction = new Map<string, 'buy' | 'sell'>();
  // Warm up: leverage and margin type set, rules and connections ready.
  for (const symbol of symbols)
    await post(env, { symbol, action: 'buy', balance_percentage: 0.01, leverage: 5, secret: WEBHOOK_SECRET });
  env.fake.latencyMs = latency;
  env.fake.requests = [];
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const worker = async () => {
    while (next < count) {
      const n = next++;
      const symbol = symbols[n % symbols.length];
      let body: Record<string, unknown>;
      if (name === 'open') {
        if (flatten(env.fake.engine, symbol)) await settle();
        body = { symbol, action: 'buy', balance_percentage: 0.01, leverage: 5 };
      } else if (name === 'reversal') {
        const action = direction.get(symbol) === 'buy' ? 'sell' : 'buy';
        direction.set(symbol, action);
        body = { symbol, action, balance_percentage: 0.01, leverage: 5 };
      } else {
        openLong(env.fake.engine, symbol);
        await settle();
        body = { symbol, action: 'close' };
      }
      const result = await post(env, { ...body, secret: WEBHOOK_SECRET });
      if (result.status !== 200) failures++;
      latencies.push(result.ms);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const requests = env.fake.requests.length;
  env.fake.latencyMs = 0;
  if (failures)
    process.stderr.write(`  ${name}: ${failures} signal(s) did not answer 200, e.g. ${firstFailures.join(' | ')}\n`);
  latencies.sort((a, b) => a - b);
  const p50 = percentile(latencies, 50);
  return {
    name,
    symbols: symbols.length,
    inFlight,
    streams: env.streams,
    p50Ms: p50,
    p95Ms: percentile(latencies, 95),
    p99Ms: percentile(latencies, 99),
    requestsPerSignal: Math.round((requests / count) * 10) / 10,
    rttDepth: latency > 0 ? Math.round((p50 / latency) * 10) / 10 : 0,
  };
}

async function throughput(
  env: BenchEnvironment,
  count: number,
): Promise<{ perSecond: number; missing: number; errors: number }> {
  env.fake.latencyMs = 0;
  const direction = new Map<string, string>();
  const ids: string[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      const n = next++;
      const symbol = TEN[n % TEN.length];
      const action = direction.get(symbol) === 'buy' ? 'sell' : 'buy';
      direction.set(symbol, action);
      const result = await post(env, { symbol, action, balance_percentage: 0.01, leverage: 5, secret: WEBHOOK_SECRET });
      if (result.status !== 200 || !result.id) errors++;
      else ids.push(result.id);
    }
  };
  await Promise.all(Array.from({ length: 20 }, worker));
  const seconds = (performance.now() - started) / 1000;
  // Every record in Postgres: an executed signal with its order, for every answer.
  const client = new Client({ connectionString: env.databaseUrl });
  await client.connect();
  let missing = ids.length;
  for (let waited = 0; waited < 10_000; waited += 200) {
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM "Signal" s WHERE s.id = ANY($1) AND s.status = 'EXECUTED' AND EXISTS (SELECT 1 ` +
        `FROM "ExchangeOrder" o WHERE o."signalId" = s.id AND o.status = 'FILLED')`,
      [ids],
    );
    missing = ids.length - Number(rows[0].n);
    if (missing === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await client.end();
  return { perSecond: Math.round(count / seconds), missing, errors };
}

async function overhead(env: BenchEnvironment, count: number): Promise<{ p50: number; p99: number }> {
  env.fake.latencyMs = 0;
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    if (flatten(env.fake.engine, 'BTCUSDT')) await settle();
    latencies.push(
      (
        await post(env, {
          symbol: 'BTCUSDT',
          action: 'buy',
          balance_percentage: 0.01,
          leverage: 5,
          secret: WEBHOOK_SECRET,
        })
      ).ms,
    );
  }
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

function table(results: ScenarioResult[]): string {
  const header = [
    'scenario',
    'streams',
    'symbols',
    'in flight',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'req/signal',
    'RTT depth',
  ];
  const rows = results.map((r) =>
    [
      r.name,
      r.streams ? 'on' : 'off',
      r.symbols,
      r.inFlight,
      r.p50Ms,
      r.p95Ms,
      r.p99Ms,
      r.requestsPerSignal,
      r.rttDepth,
    ].map(String),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i])).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const started = Date.now();
  const env = await startBenchEnvironment();
  try {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const idle = memoryOf(env.pid);
    const one = quick ? 20 : 100;
    const many = quick ? 50 : 300;
    // Over REST only each signal takes twice as long: fewer of them keep the full run near four minutes.
    const offCount = quick ? 20 : 50;
    const results: ScenarioResult[] = [];
    for (const name of ['open', 'reversal', 'close'] as const) {
      for (const symbols of [[TEN[0]], TEN]) {
        results.push(await runScenario(env, name, symbols, 1, one, LATENCY));
        results.push(await runScenario(env, name, symbols, 50, many, LATENCY));
      }
    }
    // The simple bot's eight awaited calls, against the same fake at the same L.
    const sequentialBaselineMs = await sequentialBaseline(env, quick ? 10 : 30, LATENCY);
    // One alert to a bot of 50 accounts (each its own live account on the fake).
    const fanOut = await fanOutScenario(env, 50, quick ? 3 : 10, LATENCY || 50);
    const throughputResult = await throughput(env, quick ? 400 : 2000);
    const overheadResult = await overhead(env, quick ? 100 : 400);
    const peak = memoryOf(env.pid);
    // The same one-at-a-time signals over REST only: the service restarted with BINANCE_STREAMS=off.
    await env.restart(false);
    for (const name of ['open', 'reversal', 'close'] as const)
      for (const symbols of [[TEN[0]], TEN]) results.push(await runScenario(env, name, symbols, 1, offCount, LATENCY));
    // Ours: the reversal (the same job as the simple bot's alert), one at a time, streams on.
    const ours = results.find((r) => r.name === 'reversal' && r.streams && r.symbols === 1 && r.inFlight === 1)!;
    const ratioVsSequential = ours.p50Ms > 0 ? Math.round((sequentialBaselineMs / ours.p50Ms) * 10) / 10 : 0;
    const report = {
      latencyMs: LATENCY,
      scenarios: results,
      fanOut,
      throughputPerSec: throughputResult.perSecond,
      throughputErrors: throughputResult.errors,
      recordsMissing: throughputResult.missing,
      overheadP50Ms: overheadResult.p50,
      overheadP99Ms: overheadResult.p99,
      idleRssMb: idle.rssMb,
      peakRssMb: peak.peakRssMb,
      sequentialBaselineMs,
      ratioVsSequential,
      quick,
      durationSec: Math.round((Date.now() - started) / 1000),
      measuredAt: new Date().toISOString(),
    };
    const file = path.resolve(__dirname, 'results', 'latest.json');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`\nLatency per exchange request L = ${LATENCY} ms\n\n${table(results)}\n\n`);
    process.stdout.write(
      `throughput (L = 0, 10 symbols, 20 in flight): ${report.throughputPerSec} signals/s, ` +
        `${report.throughputErrors} errors, ${report.recordsMissing} records missing\n`,
    );
    process.stdout.write(
      `our overhead (L = 0, one at a time): p50 ${report.overheadP50Ms} ms, p99 ${report.overheadP99Ms} ms\n`,
    );
    process.stdout.write(
      `fan-out (one alert, ${fanOut.accounts} accounts, L = ${LATENCY || 50} ms): p50 ${fanOut.p50Ms} ms = ` +
        `${fanOut.roundTrips} round trips (max ${fanOut.maxMs} ms), ` +
        `${fanOut.requestsPerAccount} requests per account ` +
        `(${Object.entries(fanOut.requestKinds)
          .map(([kind, n]) => `${kind} ×${n}`)
          .join(', ')}), ` +
        `orders sent from ${fanOut.firstOrderMs} to ${fanOut.lastOrderMs} ms, ` +
        `${fanOut.failures} alert(s) with an account not answering 200\n`,
    );
    process.stdout.write(
      `sequential baseline (a simple bot's 8 awaited calls, L = ${LATENCY} ms): p50 ${sequentialBaselineMs} ms, ` +
        `${ratioVsSequential}× our reversal (p50 ${ours.p50Ms} ms, streams on)\n`,
    );
    process.stdout.write(`service RSS: idle ${report.idleRssMb} MB, peak ${report.peakRssMb} MB\n`);
    process.stdout.write(`written to ${path.relative(process.cwd(), file)} in ${report.durationSec} s\n`);
    if (fanOut.failures > 0) {
      process.stderr.write(
        `bench: ${fanOut.failures} fan-out alert(s) had an account not answering 200 (${firstError ?? ''})\n`,
      );
      process.exitCode = 1;
    }
    if (totalFailures > 0 || report.recordsMissing > 0) {
      process.stderr.write(
        `bench: ${totalFailures} signal(s) did not answer 200 (${firstFailures.join(' | ')}), ` +
          `${report.recordsMissing} record(s) missing: the figures above are not valid\n`,
      );
      process.exitCode = 1;
    }
  } finally {
    await env.stop();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`bench failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
