/**
 * Paper mode without ADMIN_TOKEN: a token is generated and printed once.
 * (Its own file: Nest's static logger is per process, and this test reads the log.)
 */
import { readFileSync } from 'node:fs';
import { createTestApp, TestApp } from '../support/test-app';

describe('admin token in paper mode', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ LOG_LEVEL: 'info' }, 'admintoken');
  });
  afterAll(() => t.close());

  it('is generated at boot when unset, printed once in the log, and works', async () => {
    const pattern = /generated admin token for this run \(paper mode\): (\S+?)"/g;
    // The log file is written asynchronously: wait for the line.
    for (let waited = 0; waited < 5000 && ![...readFileSync(t.logFile, 'utf8').matchAll(pattern)].length; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const matches = [...readFileSync(t.logFile, 'utf8').matchAll(pattern)];
    expect(matches).toHaveLength(1);
    const token = matches[0][1];
    await t.http.get('/api/admin/signals').set('Authorization', `Bearer ${token}`).expect(200);
    await t.http.get('/api/admin/signals').set('Authorization', 'Bearer not-it').expect(401);
  });
});
