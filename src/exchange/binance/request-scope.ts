/**
 * Cancelling binance-api-node's HTTP requests. The library gives no way to:
 * it calls node-fetch with options of its own (no AbortSignal, no timeout, no
 * agent), so racing its promise against a timer only stops the waiting while
 * the request stays in flight, and an order held up on the way could still
 * reach Binance after we decided what to do about it.
 *
 * Node publishes every outgoing http(s) request on the diagnostics channel
 * 'http.client.request.start', synchronously and in the async context of the
 * code that made it, so an AsyncLocalStorage set around a library call tells
 * which call a request belongs to. A scope collects its call's requests and
 * destroys them when aborted (node-fetch then rejects); a request starting
 * after the abort is destroyed at once. The scope also keeps the local time
 * at which the library stamped the request's `timestamp` (it asks our getTime
 * for it while signing), which decides until when Binance could execute it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { subscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';

export class RequestScope {
  private readonly requests = new Set<ClientRequest>();
  private abortedWith?: Error;
  /** Local time (ms) at which the request was signed; undefined for unsigned calls. */
  signedAtMs?: number;

  track(request: ClientRequest): void {
    if (this.abortedWith) {
      const reason = this.abortedWith;
      process.nextTick(() => request.destroy(reason));
      return;
    }
    this.requests.add(request);
    request.once('close', () => this.requests.delete(request));
  }

  abort(reason: Error): void {
    this.abortedWith = reason;
    for (const request of this.requests) request.destroy(reason);
    this.requests.clear();
  }
}

const scopes = new AsyncLocalStorage<RequestScope>();
let listening = false;

function listen(): void {
  if (listening) return;
  listening = true;
  subscribe('http.client.request.start', (message) =>
    scopes.getStore()?.track((message as { request: ClientRequest }).request),
  );
}

/** Runs `fn` with `scope` as the scope of every HTTP request it makes. */
export function inRequestScope<T>(scope: RequestScope, fn: () => Promise<T>): Promise<T> {
  listen();
  return scopes.run(scope, fn);
}

/** The scope of the code running now, if any. */
export function currentRequestScope(): RequestScope | undefined {
  return scopes.getStore();
}
