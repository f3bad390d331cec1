#!/usr/bin/env node
// Prints the figures the chaos and fault suites recorded (test/artifacts/chaos)
// as one line, and fails when any failure counter (every figure after "inputs
// tried" and the flood's database growth) is not 0.
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
const failures = [
  'serverErrors',
  'ordersFromBadInput',
  'recordsMissing',
  'duplicateOrders',
  'secretsFound',
  'signedAlertsLost',
];
const figures = { inputsTried: 0, floodRequests: 0, floodDatabaseBytes: 0 };
for (const failure of failures) figures[failure] = 0;
const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
for (const file of files) {
  const data = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  for (const key of Object.keys(figures)) figures[key] += Number(data[key] ?? 0);
}
const perRequest = figures.floodRequests ? Math.round(figures.floodDatabaseBytes / figures.floodRequests) : 0;
const line =
  `chaos summary (${files.length} suites): ${figures.inputsTried} inputs tried, ` +
  `${figures.floodRequests} unauthenticated flood requests at ${perRequest} bytes of database each, ` +
  `${figures.serverErrors} 5xx seen, ${figures.ordersFromBadInput} orders placed by bad input, ` +
  `${figures.recordsMissing} records missing, ${figures.duplicateOrders} duplicate orders, ` +
  `${figures.secretsFound} secrets found, ${figures.signedAlertsLost} signed alerts lost`;
process.stdout.write(`${line}\n`);
const bad = files.length === 0 || failures.some((f) => figures[f]);
process.exit(bad ? 1 : 0);
