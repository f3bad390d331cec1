/**
 * Jest's node environment, plus: each test file starts with an empty log file
 * (test-log.ts), and when a test (or a beforeAll/afterAll hook) fails, the log
 * lines the service wrote meanwhile are shown with that file's results, as
 * readable lines. Passing tests print nothing.
 */
import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import type { Circus } from '@jest/types';
import { TestEnvironment } from 'jest-environment-node';
import { closeSync, mkdirSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { prettyFactory } from 'pino-pretty';
import { testLogFile } from './test-log';

const MAX_LINES = 80;
const render = prettyFactory({
  colorize: false,
  translateTime: 'SYS:HH:MM:ss.l',
  ignore: 'pid,hostname,service,context',
  singleLine: true,
  messageFormat: '{if context}[{context}] {end}{msg}',
});

export default class QuietTestEnvironment extends TestEnvironment {
  private readonly logFile: string;
  /** Where the log stood when the current test (or the file) started. */
  private segmentStart = 0;

  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    this.logFile = testLogFile(context.testPath);
  }

  override async setup(): Promise<void> {
    await super.setup();
    mkdirSync(path.dirname(this.logFile), { recursive: true });
    writeFileSync(this.logFile, '');
  }

  async handleTestEvent(event: Circus.Event): Promise<void> {
    if (event.name === 'test_start') this.segmentStart = this.logSize();
    if (event.name === 'test_done' && event.test.errors.length > 0) {
      await this.showLog(`test "${event.test.name}" failed`);
    }
    if (event.name === 'hook_failure' && (event.hook.type === 'beforeAll' || event.hook.type === 'afterAll')) {
      await this.showLog(`${event.hook.type} failed`, 0);
    }
  }

  private logSize(): number {
    try {
      return statSync(this.logFile).size;
    } catch {
      return 0;
    }
  }

  private async showLog(what: string, from = this.segmentStart): Promise<void> {
    // The service writes its log asynchronously: give the last lines time to land.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const size = this.logSize();
    const bytes = Buffer.alloc(Math.max(0, size - from));
    if (bytes.length > 0) {
      const fd = openSync(this.logFile, 'r');
      try {
        readSync(fd, bytes, 0, bytes.length, from);
      } finally {
        closeSync(fd);
      }
    }
    const lines = bytes.toString('utf8').split('\n').filter(Boolean);
    if (lines.length === 0) return;
    const shown = lines.slice(-MAX_LINES).map((line) => readable(line));
    const count = lines.length > MAX_LINES ? `last ${MAX_LINES} of ${lines.length} lines` : `${lines.length} line(s)`;
    const header = `${what}; service log (${path.relative(process.cwd(), this.logFile)}), ${count}:`;
    this.global.console.info([header, ...shown].join('\n'));
  }
}

function readable(line: string): string {
  try {
    return render(line).trimEnd();
  } catch {
    return line;
  }
}
