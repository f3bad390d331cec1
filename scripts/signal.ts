/**
 * Sends a signal to a running tvbridge and prints the answer readably.
 *
 *   npm run signal -- buy BTCUSDT --pct 0.1 --leverage 5 [--entry 50000] [--url URL] [--secret S] [--state-aware]
 *   npm run signal -- sell ETHUSDT --pct 0.15 --leverage 10
 *   npm run signal -- close BTCUSDT
 *   npm run signal -- --file payload.json
 *
 * Settings come from the environment and `.env` (the service's own file): the
 * URL defaults to TVBRIDGE_URL, else the service's PORT, HOST and TLS settings
 * (http://localhost:3000 when none is set); the secret to WEBHOOK_SECRET.
 * Exits 0 on success, 1 when the service refused or failed, 2 on bad arguments.
 */
import { readFileSync } from 'node:fs';
import { exitWithHelpIfAsked } from '../src/common/cli-help';
import { loadDotEnvIfPresent } from '../src/config/dotenv';

interface Options {
  url: string;
  secret?: string;
  stateAware: boolean;
  body: Record<string, unknown>;
}

const USAGE =
  'usage: npm run signal -- <buy|sell|close> <SYMBOL> [--pct 0.1] [--leverage 5] [--entry PRICE] [--margin-type ' +
  'ISOLATED|CROSSED] [--url URL] [--secret S] [--state-aware] | --file payload.json';

/** Where the service configured by the same environment listens, seen from this machine. */
export function serviceUrl(env: NodeJS.ProcessEnv): string {
  if (env.TVBRIDGE_URL) return env.TVBRIDGE_URL;
  const wildcard = !env.HOST || ['0.0.0.0', '::'].includes(env.HOST);
  const host = wildcard ? 'localhost' : env.HOST!.includes(':') ? `[${env.HOST}]` : env.HOST!;
  return `${env.TLS_CERT_FILE ? 'https' : 'http'}://${host}:${env.PORT || '3000'}`;
}

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): Options {
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith('--')) {
      const name = arg.slice(2);
      const next = argv[i + 1];
      if (['state-aware', 'help'].includes(name) || next === undefined || next.startsWith('--')) flags.set(name, true);
      else flags.set(name, argv[++i]);
    } else positional.push(arg);
  }
  if (flags.has('help')) throw new Error(USAGE);
  const text = (name: string) => (typeof flags.get(name) === 'string' ? (flags.get(name) as string) : undefined);
  let body: Record<string, unknown>;
  if (text('file')) {
    body = JSON.parse(readFileSync(text('file')!, 'utf8')) as Record<string, unknown>;
  } else {
    const [action, symbol] = positional;
    if (!action || !symbol) throw new Error(USAGE);
    body = { symbol, action };
    if (text('pct')) body.balance_percentage = text('pct');
    if (text('leverage')) body.leverage = text('leverage');
    if (text('entry')) body.entry = text('entry');
    if (text('margin-type')) body.margin_type = text('margin-type');
    if (action !== 'close' && (body.balance_percentage === undefined || body.leverage === undefined))
      throw new Error(`${action} needs --pct and --leverage\n${USAGE}`);
  }
  const secret = text('secret') ?? env.WEBHOOK_SECRET;
  if (secret && body.secret === undefined) body.secret = secret;
  const url = (text('url') ?? serviceUrl(env)).replace(/\/+$/, '');
  return { url, secret, stateAware: flags.has('state-aware'), body };
}

/** A field of the answer as text: JSON scalars as they are, anything else as JSON. */
function show(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}

export function describeAnswer(status: number, answer: Record<string, unknown>): string {
  const lines: string[] = [];
  if (answer.success) {
    lines.push(`✔ ${show(answer.message)} (HTTP ${status}, signal ${show(answer.id)})`);
    const trade = answer.trade as Record<string, unknown> | undefined;
    if (trade)
      lines.push(
        `  quantity ${show(trade.quantity)} at ${show(trade.current_price)} (${show(trade.price_source)}), ` +
          `leverage ${show(trade.leverage)}x ${show(trade.margin_type)}, order ${show(trade.main_order_id)}` +
          (trade.opposite_position_closed ? `; ${show(trade.opposite_position_closed)}` : ''),
      );
    const closed = answer.closed_positions as Array<Record<string, unknown>> | undefined;
    if (closed) {
      const list = closed.map((p) => `${show(p.position_type)} ${show(p.quantity)} (order ${show(p.order_id)})`);
      const cancelled = (answer.cancelled_orders as unknown[]).length;
      lines.push(`  closed: ${list.join(', ') || 'nothing'}; cancelled orders: ${cancelled}`);
    }
  } else {
    const id = answer.id ? `, signal ${show(answer.id)}` : '';
    lines.push(`✘ ${show(answer.error ?? answer.message ?? 'failed')} (HTTP ${status}${id})`);
    for (const suggestion of (answer.suggestions as string[] | undefined) ?? []) lines.push(`  → ${suggestion}`);
  }
  return lines.join('\n');
}

const HELP = `Sends a signal to a running tvbridge, as a TradingView alert would, and prints the answer.

${USAGE}

  npm run signal -- buy BTCUSDT --pct 0.1 --leverage 5
  npm run signal -- close BTCUSDT --state-aware
  npm run signal -- --file payload.json

Settings come from the environment and .env: the URL defaults to TVBRIDGE_URL, else the
service's PORT, HOST and TLS settings (http://localhost:3000), the secret to WEBHOOK_SECRET.
Exits 0 on success, 1 when the service refused or failed, 2 on bad arguments.`;

async function main(): Promise<number> {
  exitWithHelpIfAsked(HELP);
  loadDotEnvIfPresent();
  let options: Options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  const route = options.stateAware ? 'state-aware-ma-cross-webhook' : 'advanced-trading-webhook';
  try {
    const response = await fetch(`${options.url}/api/binance/${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(options.body),
    });
    const answer = (await response
      .json()
      .catch(() => ({ success: false, error: `HTTP ${response.status} without a JSON answer` }))) as Record<
      string,
      unknown
    >;
    process.stdout.write(`${describeAnswer(response.status, answer)}\n`);
    return response.ok && answer.success ? 0 : 1;
  } catch (error) {
    process.stderr.write(`✘ could not reach ${options.url}: ${(error as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) void main().then((code) => process.exit(code));
