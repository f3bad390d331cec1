/**
 * The files docs/deploy.md installs on a server are checked by the tools that
 * will read them there: systemd-analyze for the units, caddy for the
 * Caddyfile; and they agree with the service's settings and scripts.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseEnv } from '../../src/config/app-config';

const ROOT = path.resolve(__dirname, '../..');
const DEPLOY = path.join(ROOT, 'deploy');
const run = promisify(execFile);
const read = (file: string) => readFileSync(path.join(DEPLOY, file), 'utf8');

/** The tool, or a failure saying how to get it (.ci/run installs both). */
async function tool(command: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(command, args, { cwd: ROOT }).catch(
    (error: NodeJS.ErrnoException & { stdout?: string; stderr?: string }) => {
      if (error.code === 'ENOENT')
        throw new Error(
          `${command} is not installed: apt-get install ${command === 'caddy' ? 'caddy' : 'systemd'} (.ci/run does)`,
        );
      throw new Error(`${command} ${args.join(' ')} failed: ${error.stdout ?? ''}${error.stderr ?? ''}`);
    },
  );
}

/** Environment= lines of a unit, as an object. */
function unitEnvironment(unit: string): Record<string, string> {
  return Object.fromEntries([...unit.matchAll(/^Environment=([A-Z_]+)=(.*)$/gm)].map((m) => [m[1], m[2]]));
}

describe('deploy/ files', () => {
  it('systemd-analyze verify accepts the units without a warning', async () => {
    const units = ['tvbridge.service', 'tvbridge-backup.service', 'tvbridge-backup.timer'].map((f) =>
      path.join(DEPLOY, f),
    );
    const { stderr } = await tool('systemd-analyze', ['verify', ...units]);
    // verify exits 0 on unknown keys and bad values, and only says so on stderr.
    expect(stderr.trim()).toBe('');
  });

  it('the service unit runs the build with valid settings, stops gracefully, reloads TLS on SIGHUP', () => {
    const unit = read('tvbridge.service');
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/env node dist\/main\.js$/m);
    expect(unit).toMatch(/^KillSignal=SIGTERM$/m);
    expect(unit).toMatch(/^KillMode=mixed$/m);
    expect(unit).toMatch(/^ExecReload=\/bin\/kill -HUP \$MAINPID$/m);
    const env = unitEnvironment(unit);
    const config = parseEnv(env);
    expect(config).toMatchObject({ host: '127.0.0.1', port: 3000, dataDir: '/var/lib/tvbridge' });
    // The directories systemd creates for the service are the ones it writes.
    expect(unit).toMatch(/^StateDirectory=tvbridge$/m);
    expect(config.logFile.startsWith('/var/log/tvbridge/')).toBe(true);
    expect(unit).toMatch(/^LogsDirectory=tvbridge$/m);
  });

  it("the backup unit runs what npm run db:backup runs, on the service's data directory", () => {
    const unit = read('tvbridge-backup.service');
    const script = (
      JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts['db:backup'];
    expect(unit).toContain(`ExecStart=/usr/bin/env ${script} /var/lib/tvbridge/backups`);
    expect(unitEnvironment(unit).DATA_DIR).toBe(unitEnvironment(read('tvbridge.service')).DATA_DIR);
  });

  it('caddy accepts the Caddyfile, which proxies to where the unit makes the service listen', async () => {
    const { stdout } = await tool('caddy', [
      'adapt',
      '--config',
      path.join(DEPLOY, 'Caddyfile'),
      '--adapter',
      'caddyfile',
    ]);
    const env = unitEnvironment(read('tvbridge.service'));
    expect(stdout).toContain(`"dial":"${env.HOST}:${env.PORT}"`);
  });
});
