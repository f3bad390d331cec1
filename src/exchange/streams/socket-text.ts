/** A WebSocket message's text, whatever form `ws` hands it over in (Buffer, fragments, ArrayBuffer). */
import type WebSocket from 'ws';

export function socketText(data: WebSocket.Data): string {
  if (typeof data === 'string') return data;
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
