/**
 * Every command of ours that package.json runs answers --help on stdout with
 * exit 0, without starting anything (a new script is covered by being listed).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);
const scripts = (
  JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;

/** The node command a script ends with, when it runs one of our files (npm appends `-- args` to it). */
function ownCommand(script: string): string[] | undefined {
  const last = script.split('&&').pop()!.trim();
  const match = /^node ((?:-r \S+ )?)(\S+\.[jt]s)\b/.exec(last);
  // dist/ is the build of src/, whose entry point start:dev runs.
  if (!match || match[2].startsWith('dist/')) return undefined;
  return [...match[1].trim().split(' ').filter(Boolean), match[2]];
}

/** [file, node arguments], once per file. */
const commands = [
  ...new Map(
    Object.values(scripts).flatMap((script) => {
      const command = ownCommand(script);
      return command ? [[command[command.length - 1], command] as const] : [];
    }),
  ).entries(),
];

describe('--help', () => {
  it('finds the commands to check', () => {
    expect(commands.map(([file]) => file)).toEqual(
      expect.arrayContaining([
        'src/main.ts',
        'src/database/migrate.cli.ts',
        'test/fake-binance/main.ts',
        'bench/run.ts',
        'scripts/error-table.ts',
        'scripts/signal.ts',
        'scripts/prisma-generate.js',
      ]),
    );
  });

  it.each(commands)(
    '%s --help prints usage and exits 0',
    async (_file, command) => {
      // No DATABASE_URL and no network settings: help must not need them.
      const { stdout } = await run(process.execPath, [...command, '--help'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, HOME: process.env.HOME },
        timeout: 30_000,
      });
      expect(stdout).toMatch(/usage: /i);
    },
    40_000,
  );

  it('through npm as a user types it: npm run signal -- --help', async () => {
    const { stdout } = await run('npm', ['run', '--silent', 'signal', '--', '--help'], { cwd: ROOT, timeout: 30_000 });
    expect(stdout).toContain('usage: npm run signal');
  }, 40_000);
});
