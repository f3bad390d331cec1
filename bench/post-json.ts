/**
 * The benchmark's HTTP client: node:http with kept-alive connections. The
 * load generator runs on the same two cores as the service, the fake and
 * Postgres, so it should cost as little as it can (fetch costs several times
 * as much CPU per request).
 */
import http from 'node:http';

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export interface JsonAnswer<T> {
  status: number;
  body: T;
}

export function postJson<T>(url: string, body: unknown, headers: Record<string, string> = {}): Promise<JsonAnswer<T>> {
  return send<T>(url, Buffer.from(JSON.stringify(body)), headers, true);
}

function send<T>(
  url: string,
  payload: Buffer,
  headers: Record<string, string>,
  retry: boolean,
): Promise<JsonAnswer<T>> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': String(payload.length), ...headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          try {
            resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as T });
          } catch {
            reject(new Error(`HTTP ${response.statusCode}: not JSON: ${text.slice(0, 200)}`));
          }
        });
        response.on('error', reject);
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) => {
      // A kept-alive connection the server closed while idle: the request never reached it (Node's
      // documented case for reusedSocket), so it is sent once more on a new connection.
      if (retry && request.reusedSocket && error.code === 'ECONNRESET') {
        send<T>(url, payload, headers, false).then(resolve, reject);
      } else reject(error);
    });
    request.end(payload);
  });
}
