/**
 * `npm run fake-binance -- --port 9100 [--api-key K] [--api-secret S] [--latency MS] [--wallet USDT]`
 * runs the fake Binance Futures server alone, e.g. to point a local service at it;
 * `--help` prints the options and the control API.
 */
import { exitWithHelpIfAsked } from '../../src/common/cli-help';
import { usage } from './control-help';
import { FakeBinanceServer } from './fake-binance-server';

function arg(name: string, fallback?: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
}

async function main(): Promise<void> {
  exitWithHelpIfAsked(usage());
  const server = new FakeBinanceServer({
    apiKey: arg('api-key'),
    apiSecret: arg('api-secret'),
    latencyMs: Number(arg('latency', '0')),
    walletUsdt: arg('wallet'),
  });
  const url = await server.start(Number(arg('port', '9100')), arg('host', '127.0.0.1'));
  process.stdout.write(`fake Binance USD-M Futures listening on ${url} (api key "${server.apiKey}")\n`);
  const stop = () => void server.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
