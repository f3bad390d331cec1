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
    messageFormat: '{if context}[{context}] {end}{msg}',
  });
}

/** The stdout stream for the chosen format (undefined: nothing on stdout). */
export function stdoutLogStream(format: StdoutLogFormat): pino.DestinationStream | undefined {
  if (format === 'off') return undefined;
  if (format === 'pretty') return prettyLogStream(1, true);
  return pino.destination({ dest: 1, sync: false });
}
