/**
 * A local HTTP server standing in for a notification service (Telegram's Bot
 * API, a Discord webhook, a webhook receiver) in tests: it records what it
 * accepted and plays faults on demand: a rate limit, a 5xx, or being down
 * (connections refused at the socket) until brought back.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ReceivedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  rawBody: string;
  body: Record<string, unknown>;
}

export type Fault = { kind: 'rate-limit'; retryAfterS: number } | { kind: 'server-error'; status?: number };

export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export abstract class FakeChannelServer {
  /** Requests the fake accepted (answered with success). */
  readonly accepted: ReceivedRequest[] = [];
  /** Every request that reached the fake, faults included. */
  readonly seen: ReceivedRequest[] = [];
  private readonly faults: Fault[] = [];
  private down = false;
  private server?: Server;
  private readonly sockets = new Set<Socket>();

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (socket) => {
      // "Down": the connection is dropped before any answer, like a host that is unreachable.
      if (this.down) return socket.destroy();
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** The next requests fail this way, in order. */
  failNext(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  setDown(down: boolean): void {
    this.down = down;
    if (down) for (const socket of this.sockets) socket.destroy();
  }

  protected abstract rateLimited(retryAfterS: number): Answer;
  protected abstract serverError(status: number): Answer;
  /** The service's own checks and its success answer (or its 4xx for a bad request). */
  protected abstract accept(request: ReceivedRequest): Answer;

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(rawBody) as Record<string, unknown>;
    } catch {
      // kept empty: accept() refuses it like the real service would
    }
    const request = { path: req.url ?? '/', headers: req.headers, rawBody, body };
    this.seen.push(request);
    const fault = this.faults.shift();
    const answer =
      fault?.kind === 'rate-limit'
        ? this.rateLimited(fault.retryAfterS)
        : fault
          ? this.serverError(fault.status ?? 502)
          : this.accept(request);
    if (answer.status >= 200 && answer.status < 300) this.accepted.push(request);
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
  }
}
