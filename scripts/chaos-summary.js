#!/usr/bin/env node
// Prints the figures the chaos and fault suites recorded (test/artifacts/chaos)
// as one line, and fails when any figure but the number of inputs is not 0.
const { existsSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const path = require('node:path');

const dir = path.resolve(__dirname, '..', 'test', 'artifacts', 'chaos');
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write(
    'Prints the figures the chaos and fault suites recorded in test/artifacts/chaos as one line; ' +
      'exits 1 when any figure but the inputs tried is not 0 (run by npm run test:chaos).\n\n' +
      'usage: node scripts/chaos-summary.js [--reset]   (--reset: forget the recorded figures)\n',
  );
  process.exit(0);
}
if (process.argv.includes('--reset')) {
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
const figures = { inputsTried: 0, serverErrors: 0, ordersFromBadInput: 0, recordsMissing: 0, duplicateOrders: 0 };
const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
for (const file of files) {
  const data = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  for (const key of Object.keys(figures)) figures[key] += Number(data[key] ?? 0);
}
const line = `chaos summary (${files.length} suites): ${figures.inputsTried} inputs tried, ${figures.serverErrors} 5xx seen, ${figures.ordersFromBadInput} orders placed by bad input, ${figures.recordsMissing} records missing, ${figures.duplicateOrders} duplicate orders`;
process.stdout.write(`${line}\n`);
const bad = files.length === 0 || figures.serverErrors || figures.ordersFromBadInput || figures.recordsMissing || figures.duplicateOrders;
process.exit(bad ? 1 : 0);
