/**
 * The log file records addresses, payloads and errors: it is created readable
 * by its owner only. (Its own file: the logger is process-wide, so the first
 * app of a test file is the one whose log file receives every line.)
 */
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestApp, TestApp } from '../support/test-app';

describe('log file', () => {
  let t: TestApp;
  const existing = path.join(mkdtempSync(path.join(tmpdir(), 'tvbridge-log-')), 'kept.log');
  beforeAll(async () => {
    // A log file left world-readable by an earlier version is narrowed at boot.
    writeFileSync(existing, '');
    chmodSync(existing, 0o644);
    t = await createTestApp({ LOG_FILE: existing }, 'logfile');
  });
  afterAll(async () => {
    await t.close();
    rmSync(path.dirname(existing), { recursive: true, force: true });
  });

  it('is readable and writable by its owner only', () => {
    expect(statSync(existing).mode & 0o777).toBe(0o600);
  });
});
