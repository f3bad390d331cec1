/**
 * The docs cannot drift from the code: the error table is the code's own,
 * the Pine strategy's and the quick reference's messages are accepted by the
 * webhook DTO, and every curl / npm run command shown is run here against a
 * test instance (npm ci and npm test are run by .ci/run itself).
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { NestExpressApplication } from '@nestjs/platform-express';
import path from 'node:path';
import { freePort } from '../support/free-port';
import { promisify } from 'node:util';
import { BINANCE_ERROR_TABLE } from '../../src/exchange/exchange-error-table';
import { validateSignal } from '../../src/webhook/signal-validation';
import { GUIDE, guideWithErrorTable } from '../../scripts/error-table';
import { createTestApp, TestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { applyMigrations } from '../../src/database/migration-applier';

const ROOT = path.resolve(__dirname, '../..');
type CommandError = { stdout?: string; stderr?: string };
const run = promisify(execFile);
const TRADABLE = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const DOC_FILES = [
  'README.md',
  ...readdirSync(path.join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** Commands in ```bash blocks, with backslash continuations joined. */
function shellCommands(markdown: string): string[] {
  const blocks = [...markdown.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]);
  return blocks.flatMap((block) =>
    block
      .replace(/\\\n\s*/g, ' ')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#')),
  );
}

describe('guide error table', () => {
  it('is generated from the code (npm run docs:errors leaves it unchanged)', () => {
    const guide = readFileSync(GUIDE, 'utf8');
    expect(guideWithErrorTable(guide)).toBe(guide);
  });

  it('lists every code the service knows, and the documented error table rows', () => {
    const guide = readFileSync(GUIDE, 'utf8');
    for (const code of Object.keys(BINANCE_ERROR_TABLE)) expect(guide).toContain(`Binance ${code} |`);
    for (const row of [
      'Insufficient balance',
      'Invalid symbol',
      'Client not configured',
      'Invalid balance_percentage',
      'Precision error',
      'Market price moved',
    ])
      expect(guide).toContain(row);
  });
});

describe('Pine Script example', () => {
  const pine = read('docs/tradingview/advanced-trading-example.pine');

  it('is a Pine v6 strategy with inputs for balance percentage, leverage and the secret, and a table', () => {
    expect(pine.startsWith('//@version=6')).toBe(true);
    expect(pine).toMatch(/strategy\(/);
    for (const input of ['balancePct = input.float', 'leverage   = input.int', 'secret     = input.string'])
      expect(pine).toContain(input);
    expect(pine).toContain('table.new(');
    for (const call of ['"long", qty', '"short", qty', '"flat", 0'])
      expect(pine).toContain(`alert_message = jsonMessage(${call})`);
  });

  it('builds target-position messages the webhook accepts, for long, short and flat', () => {
    // The expression goes on over continuation lines (Pine's line wrapping): every indented line after the =>.
    const expression = /jsonMessage\(string position, float size\) =>\n((?: +.+\n)+)/.exec(pine)![1];
    const secretField = /secretField = secret == "" \? "" : (.+)\n/.exec(pine)![1];
    const stopField = /stopField\(string position\) =>\n\s+stopPct > 0 and position != "flat" \? (.+) : ""\n/.exec(
      pine,
    )![1];
    for (const [secret, ticker, stop] of [
      ['s3cret-value', 'BTCUSDT.P', '2.5'],
      ['', 'ETHUSDT', '0'],
    ]) {
      const values: Record<string, string> = {
        'syminfo.ticker': JSON.stringify(ticker),
        'str.tostring(balancePct)': "'0.1'",
        'str.tostring(leverage)': "'5'",
        'str.tostring(close)': "'50123.5'",
        'str.tostring(time)': "'1795800000000'",
      };
      const secretText = secret ? eval(secretField.replace('+ secret +', `+ ${JSON.stringify(secret)} +`)) : '';
      for (const [position, size] of [
        ['long', '0.05'],
        ['short', '0.05'],
        ['flat', '0'],
      ]) {
        const stopText =
          stop !== '0' && position !== 'flat'
            ? (eval(stopField.replace('str.tostring(stopPct)', `'${stop}'`)) as string)
            : '';
        let js = expression
          .replace('stopField(position)', JSON.stringify(stopText))
          .replace('secretField', JSON.stringify(secretText))
          .split('+ position +')
          .join(`+ ${JSON.stringify(position)} +`);
        js = js.split('str.tostring(size, "#.########")').join(`'${size}'`);
        for (const [pineExpr, value] of Object.entries(values)) js = js.split(pineExpr).join(value);
        const message = JSON.parse(eval(js) as string) as Record<string, unknown>;
        const signal = validateSignal(message, TRADABLE);
        expect(signal).toMatchObject({
          action: 'target',
          target: { position },
          symbol: ticker.replace('.P', ''),
          leverage: 5,
        });
        expect(signal.target!.size!.toString()).toBe(size);
        expect(message.id).toBe(`${position}-1795800000000`);
        // The stop loss goes with entries only, as a percent from the fill.
        const stopLoss = signal.protection?.stopLoss;
        if (stopText) expect(stopLoss && 'percent' in stopLoss && stopLoss.percent.toString()).toBe(stop);
        else expect(signal.protection).toBeUndefined();
        if (secret) expect(message.secret).toBe(secret);
      }
    }
  });
});

describe('quick reference alert templates', () => {
  // Wrapped over several lines where long: TradingView sends the message as written, and JSON allows line breaks.
  const templates = [...read('docs/quick-reference.md').matchAll(/```json\n([\s\S]*?)\n```/g)].map((m) => m[1]);

  it('are accepted by the webhook once TradingView fills the placeholders', () => {
    expect(templates.length).toBeGreaterThanOrEqual(4);
    for (const template of templates) {
      for (const ticker of ['BTCUSDT', 'BTCUSDT.P']) {
        for (const position of ['long', 'short', 'flat']) {
          const filled = template
            .replace('{{ticker}}', ticker)
            .replace('{{close}}', '50000.5')
            .replace('{{strategy.market_position}}', position)
            .replace('{{strategy.market_position_size}}', position === 'flat' ? '0' : '0.5')
            .replace('{{strategy.prev_market_position}}', 'flat')
            .replace('{{strategy.order.id}}', 'Long')
            .replace('{{timenow}}', '2026-11-27T10:00:00Z');
          const signal = validateSignal(JSON.parse(filled), TRADABLE);
          expect(signal.symbol).toBe('BTCUSDT');
          expect(signal.ignoredFields).toEqual([]);
        }
      }
    }
  });

  it('never recommend {{strategy.order.action}}, which turns an exit into a reversal', () => {
    for (const template of templates) expect(template).not.toContain('{{strategy.order.action}}');
    const following = templates.filter((t) => t.includes('{{strategy.market_position}}'));
    expect(following.length).toBe(2);
    // The recommended one comes first: the target position.
    expect(following[0]).toContain('"market_position": "{{strategy.market_position}}"');
    // Flat is a close (or a flat target), whatever the strategy's last order was.
    for (const template of following) {
      const flat = template
        .replace('{{ticker}}', 'BTCUSDT')
        .replace('{{strategy.market_position}}', 'flat')
        .replace('{{strategy.market_position_size}}', '0')
        .replace('{{strategy.prev_market_position}}', 'long')
        .replace('{{close}}', '1')
        .replace('{{strategy.order.id}}-{{timenow}}', 'Long-1');
      const signal = validateSignal(JSON.parse(flat), TRADABLE);
      expect(signal.action === 'close' || signal.target?.position === 'flat').toBe(true);
    }
  });
});

describe('commands shown in the docs', () => {
  let t: TestApp;
  let baseUrl: string;
  let db: TestDatabase;
  const TOKEN = 'docs-admin-token-0123456789';
  const commands = DOC_FILES.flatMap((file) => shellCommands(read(file)).map((command) => ({ file, command })));
  // Run by .ci/run itself, by the tests below, or (the benchmark) by you.
  const elsewhere = [
    /^npm install && npm start$/,
    /^npm test$/,
    /^npm ci$/,
    /^npm run fake-binance\b/,
    /npm run start:dev$/,
    /^npm run bench\b/,
  ];
  const runners = /^(curl|npm run |openssl |systemd-analyze |caddy )/;

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_TOKEN: TOKEN }, 'docs');
    const app = t.app as NestExpressApplication;
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    // The database commands (migrate, backup, restore) work on their own database, which
    // nothing else is connected to (a restore refuses otherwise).
    db = await createTestDatabase('docsdb');
    await applyMigrations(db.url);
  });
  afterAll(async () => {
    await t.close();
    await db.drop();
  });

  it('finds the commands', () => {
    expect(commands.filter((c) => c.command.startsWith('curl')).length).toBeGreaterThanOrEqual(4);
    expect(commands.filter((c) => c.command.startsWith('npm run signal')).length).toBeGreaterThanOrEqual(3);
    for (const script of ['db:backup', 'db:restore', 'db:migrate', 'build', 'fake-binance']) {
      expect(commands.some((c) => c.command.startsWith(`npm run ${script}`))).toBe(true);
    }
    expect(commands.some((c) => c.command.startsWith('systemd-analyze verify'))).toBe(true);
    expect(commands.some((c) => c.command.startsWith('caddy adapt'))).toBe(true);
  });

  it('runs every command successfully', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, ADMIN_TOKEN: TOKEN, TVBRIDGE_URL: baseUrl, WEBHOOK_SECRET: '' };
    const backups = path.join(ROOT, 'backups');
    const hadBackups = existsSync(backups);
    const existingBackups = new Set(hadBackups ? readdirSync(backups) : []);
    try {
      // A command shown in several places (npm run build, a backup) is run once: its result does not change.
      const ran = new Set<string>();
      for (const { file, command } of commands) {
        if (elsewhere.some((pattern) => pattern.test(command)) || ran.has(command)) continue;
        ran.add(command);
        let toRun = command.replace(/http:\/\/localhost:3000/g, baseUrl);
        if (!runners.test(toRun)) throw new Error(`${file}: no runner for "${command}"`);
        if (toRun.startsWith('curl')) toRun = toRun.replace(/^curl /, 'curl -sS --fail-with-body ');
        const commandEnv = /^npm run db:/.test(command) ? { ...env, DATABASE_URL: db.url } : env;
        const options = { cwd: ROOT, env: commandEnv, timeout: 120_000 };
        const { stdout } = await run('bash', ['-c', toRun], options).catch((error: CommandError) => {
          throw new Error(`${file}: "${command}" failed: ${error.stdout ?? ''} ${error.stderr ?? ''}`);
        });
        if (toRun.startsWith('curl') && toRun.includes('webhook')) {
          expect(JSON.parse(stdout)).toMatchObject({ success: true });
        }
      }
    } finally {
      // Only the backups these commands wrote; never one that was there before.
      for (const name of existsSync(backups) ? readdirSync(backups) : []) {
        if (!existingBackups.has(name)) rmSync(path.join(backups, name), { force: true });
      }
      if (!hadBackups && existsSync(backups) && readdirSync(backups).length === 0) rmdirSync(backups);
    }
  }, 400_000);

  it('server administration (sh blocks) appears only in deploy.md, and only as host commands', () => {
    const admin = ['useradd', 'git (clone|fetch)', 'cd /opt/tvbridge', 'install', 'cp /opt/tvbridge/', 'systemctl'];
    admin.push('journalctl');
    const host = new RegExp(`^(${[...admin, 'certbot', 'pg_dump', '--deploy-hook'].join('|')})`);
    for (const file of DOC_FILES) {
      const blocks = [...read(file).matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
      if (file !== 'docs/deploy.md') {
        expect({ file, blocks }).toEqual({ file, blocks: [] });
        continue;
      }
      const lines = blocks.flatMap((block) =>
        block
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean),
      );
      expect(lines.length).toBeGreaterThan(5);
      for (const line of lines) expect({ line, host: host.test(line) }).toEqual({ line, host: true });
    }
  });

  it('the fake exchange setup of development.md runs as written: the fake, then a live service on it', async () => {
    const shown = shellCommands(read('docs/development.md'));
    const fakeCommand = shown.find((c) => c.startsWith('npm run fake-binance'))!;
    const serviceCommand = shown.find((c) => c.endsWith('npm run start:dev'))!;
    expect(serviceCommand).toContain('WEBHOOK_SECRET=');
    expect(serviceCommand).toContain('ADMIN_TOKEN=');
    const fakePort = String(await freePort());
    const servicePort = String(await freePort());
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tvbridge-fake-docs-'));
    const serviceDb = await createTestDatabase('docsfake');
    // The shown port is swapped for a free one, as localhost:3000 is above.
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: servicePort, DATABASE_URL: serviceDb.url };
    Object.assign(env, { DATA_DIR: dataDir, LOG_FILE: path.join(dataDir, 'log') });
    const start = (command: string) =>
      spawn('bash', ['-c', command.split('9100').join(fakePort)], { cwd: ROOT, env, stdio: 'ignore', detached: true });
    const children = [start(fakeCommand)];
    try {
      for (let up = false, waited = 0; !up && waited < 60_000; waited += 200) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        up = await fetch(`http://127.0.0.1:${fakePort}/fapi/v1/ping`).then(
          (r) => r.ok,
          () => false,
        );
      }
      children.push(start(serviceCommand));
      let health: { status?: string } = {};
      for (let waited = 0; waited < 90_000 && health.status !== 'ok'; waited += 250) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        const response = fetch(`http://127.0.0.1:${servicePort}/api/health`);
        health = await response.then(
          (r) => r.json() as Promise<{ status?: string }>,
          () => ({}),
        );
      }
      expect(health.status).toBe('ok');
      const secret = /WEBHOOK_SECRET=(\S+)/.exec(serviceCommand)![1];
      const webhook = `http://127.0.0.1:${servicePort}/api/binance/advanced-trading-webhook?token=${secret}`;
      const answer = await fetch(webhook, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 }),
      });
      expect(answer.status).toBe(200);
    } finally {
      for (const child of children.reverse()) {
        if (child.exitCode !== null) continue;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        process.kill(-child.pid!, 'SIGTERM');
        await exited;
      }
      await serviceDb.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);

  it('npm start serves a healthy service with zero configuration (embedded Postgres)', async () => {
    const { spawn } = await import('node:child_process');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tvbridge-start-'));
    const port = String(await freePort());
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: port,
      DATA_DIR: dataDir,
      LOG_FILE: path.join(dataDir, 'log'),
      PAPER_MARKET_DATA_URL: 'off',
      EMBEDDED_POSTGRES_PORT: '0',
    };
    const { openSync, readFileSync: readText } = await import('node:fs');
    const output = path.join(dataDir, 'npm-start.out');
    const outFd = openSync(output, 'a');
    const child = spawn('npm', ['start'], { cwd: ROOT, env, stdio: ['ignore', outFd, outFd], detached: true });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      let health: { status?: string } = {};
      for (let waited = 0; waited < 100_000 && health.status !== 'ok' && child.exitCode === null; waited += 250) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        health = await fetch(`http://127.0.0.1:${port}/api/health`).then(
          (r) => r.json() as Promise<{ status?: string }>,
          () => ({}),
        );
      }
      if (health.status !== 'ok')
        throw new Error(
          `npm start did not become healthy (exit ${child.exitCode}):\n${readText(output, 'utf8').slice(-3000)}`,
        );
      // The README: the paper-mode admin token is kept in DATA_DIR/admin-token.
      expect(readText(path.join(dataDir, 'admin-token'), 'utf8').trim().length).toBeGreaterThanOrEqual(16);
    } finally {
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 150_000);

  it('the signal CLI exits non-zero and explains when the service refuses', async () => {
    const failure = await run(
      'npm',
      ['run', '--silent', 'signal', '--', 'buy', 'BTCUSDT', '--pct', '5', '--leverage', '5'],
      { cwd: ROOT, env: { ...process.env, TVBRIDGE_URL: baseUrl } },
    ).then(
      () => undefined,
      (error: { code: number; stdout: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toContain('Invalid balance_percentage');
    expect(failure?.stdout).toContain('→ Use 0.05 (a fraction: 5% of the balance)');
    const usage = await run('npm', ['run', '--silent', 'signal', '--', 'buy'], { cwd: ROOT }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(usage?.code).toBe(2);
    expect(usage?.stderr).toContain('usage: npm run signal');
  });
});
