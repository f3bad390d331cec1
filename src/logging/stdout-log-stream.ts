/**
 * What the service prints on stdout: a person at a terminal reads one coloured
 * line per event (pino-pretty), while a process manager, container runtime or
 * log shipper reading a pipe gets JSON lines it can parse. LOG_STDOUT overrides
 * the guess; LOG_FILE always gets JSON.
 */
import pino from 'pino';
import pretty from 'pino-pretty';
import { LogStdout } from '../config/app-config';

export type StdoutLogFormat = 'pretty' | 'json' | 'off';

/** auto means pretty only when stdout is a terminal. */
export function stdoutLogFormat(setting: LogStdout, stdoutIsTty: boolean): StdoutLogFormat {
  return setting === 'auto' ? (stdoutIsTty ? 'pretty' : 'json') : setting;
}

const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Control characters shown as escapes: a request's path, slug or body ends up in some messages, and a
 * newline in it would otherwise print a line of its own that looks like the service's (JSON lines
 * escape them already).
 */
export function escapeControls(text: string): string {
  let out = '';
  for (const c of text) {
    const code = c.charCodeAt(0);
    const control = code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029;
    out += control ? (ESCAPES[c] ?? `\\u${code.toString(16).padStart(4, '0')}`) : c;
  }
  return out;
}

/** A human-readable rendering of the JSON log lines, written to `destination` (a file descriptor or a stream). */
export function prettyLogStream(
  destination: number | NodeJS.WritableStream,
  colorize: boolean,
): pino.DestinationStream {
  return pretty({
    destination,
    colorize,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,service,context',
    messageFormat: (log) => {
      const context = typeof log.context === 'string' ? `[${escapeControls(log.context)}] ` : '';
      return context + escapeControls(typeof log.msg === 'string' ? log.msg : JSON.stringify(log.msg ?? ''));
    },
  });
}

/** The stdout stream for the chosen format (undefined: nothing on stdout). */
export function stdoutLogStream(format: StdoutLogFormat): pino.DestinationStream | undefined {
  if (format === 'off') return undefined;
  if (format === 'pretty') return prettyLogStream(1, true);
  return pino.destination({ dest: 1, sync: false });
}
