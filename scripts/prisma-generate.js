#!/usr/bin/env node
// Generates the Prisma client into src/generated/prisma. `prisma generate`
// needs no database and no schema engine, but the CLI still looks for the
// engine binary and tries to download it; offline that fails. Pointing
// PRISMA_SCHEMA_ENGINE_BINARY at any existing file satisfies the check.
const { spawnSync } = require('node:child_process');
const { existsSync, statSync } = require('node:fs');
const path = require('node:path');

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write(
    'Generates the Prisma client into src/generated/prisma when the schema or the lockfile changed.\n\n' +
      'usage: npm run prisma:generate [-- --force]   (--force: generate even when up to date)\n',
  );
  process.exit(0);
}

// Up to date already (client newer than the schema and the prisma package): nothing to do.
const root = path.resolve(__dirname, '..');
const client = path.join(root, 'src', 'generated', 'prisma', 'client.ts');
const inputs = [path.join(root, 'prisma', 'schema.prisma'), path.join(root, 'package-lock.json')];
if (
  !process.argv.includes('--force') &&
  existsSync(client) &&
  inputs.every((file) => !existsSync(file) || statSync(file).mtimeMs < statSync(client).mtimeMs)
) {
  process.exit(0);
}

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
const cli = path.join(path.dirname(require.resolve('prisma/package.json')), 'build', 'index.js');
const result = spawnSync(process.execPath, [cli, 'generate'], { stdio: ['ignore', 'pipe', 'inherit'], env });
if (result.status !== 0) {
  process.stdout.write(result.stdout);
  process.exit(result.status ?? 1);
}
