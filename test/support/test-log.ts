/**
 * Where a test file's service logs go: one file per test file under
 * test/artifacts/logs (kept after the run, printed for a failing test by
 * quiet-test-environment.ts), so the test runner's output stays readable.
 */
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** test/e2e/security.e2e-spec.ts → <root>/test/artifacts/logs/test/e2e/security.e2e-spec.ts.log */
export function testLogFile(testPath: string = expect.getState().testPath ?? 'unknown-test-file'): string {
  return path.join(ROOT, 'test', 'artifacts', 'logs', `${path.relative(ROOT, testPath)}.log`);
}

/** Settings that send a service's logs (in process or a child process) to the test file's log, not stdout. */
export function testLogEnv(): { LOG_FILE: string; LOG_STDOUT: string } {
  return { LOG_FILE: testLogFile(), LOG_STDOUT: 'off' };
}
