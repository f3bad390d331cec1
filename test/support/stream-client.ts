/**
 * A WebSocket client for tests of the fake's streams: connects, keeps every
 * message (parsed JSON) and waits for the ones a test expects.
 */
import WebSocket from 'ws';
import { socketText } from '../../src/exchange/streams/socket-text';

/** Parsed JSON of many shapes, asserted field by field (as SignedAnswer's body). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type StreamMessage = any;

export interface StreamClient {
  socket: WebSocket;
  messages: StreamMessage[];
  /** Resolves with the first message (from `from` on) matching, or rejects after timeoutMs. */
  next(match: (m: StreamMessage) => boolean, timeoutMs?: number, from?: number): Promise<StreamMessage>;
  closed: Promise<void>;
  close(): void;
}

export async function connectStream(url: string): Promise<StreamClient> {
  const socket = new WebSocket(url);
  const messages: StreamMessage[] = [];
  const waiters = new Set<() => void>();
  socket.on('message', (data) => {
    messages.push(JSON.parse(socketText(data)));
    for (const wake of waiters) wake();
  });
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const next = (match: (m: StreamMessage) => boolean, timeoutMs = 3000, from = 0) =>
    new Promise<StreamMessage>((resolve, reject) => {
      const check = () => {
        const found: unknown = messages.slice(from).find(match);
        if (found === undefined) return false;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no matching stream message within ${timeoutMs} ms; got ${JSON.stringify(messages)}`));
      }, timeoutMs);
      if (!check()) waiters.add(check);
    });
  return { socket, messages, next, closed, close: () => socket.close() };
}

/** Resolves after `ms`. */
export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `condition` until true, or fails after timeoutMs. */
export async function eventually(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 5000,
  what = 'condition',
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await pause(20);
  }
}
