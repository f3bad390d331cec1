/**
 * Signed requests to the fake Binance made by hand with node's crypto, the way
 * clients other than binance-api-node send them: parameters and signature in
 * the query string, in an application/x-www-form-urlencoded body, or split
 * between the two (the signature then covers query string + body).
 */
import { createHmac } from 'node:crypto';
import { FakeBinanceServer } from '../fake-binance/fake-binance-server';

export type SignedForm = 'query' | 'body' | 'mixed';

export interface SignedAnswer {
  status: number;
  /** Parsed JSON (any: answers of many shapes, asserted field by field), or the text of an HTML page. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as supertest's res.body: asserted field by field
  body: any;
  headers: Headers;
}

const encode = (params: Record<string, string>) => new URLSearchParams(params).toString();
const sign = (text: string, secret: string) => createHmac('sha256', secret).update(text).digest('hex');

export async function signedRequest(
  fake: FakeBinanceServer,
  method: 'GET' | 'POST' | 'DELETE' | 'PUT',
  path: string,
  params: Record<string, string> = {},
  form: SignedForm = 'query',
  secret = fake.apiSecret,
): Promise<SignedAnswer> {
  const all = { ...params, timestamp: String(Date.now()) };
  let query = '';
  let body = '';
  if (form === 'query') {
    query = encode(all);
    query += `&signature=${sign(query, secret)}`;
  } else if (form === 'body') {
    body = encode(all);
    body += `&signature=${sign(body, secret)}`;
  } else {
    // Half the parameters in the query, the rest (timestamp included) and the signature in the body.
    const entries = Object.entries(all);
    const half = Math.ceil(entries.length / 2);
    query = encode(Object.fromEntries(entries.slice(0, half)));
    body = encode(Object.fromEntries(entries.slice(half)));
    body += `&signature=${sign(query + body, secret)}`;
  }
  const response = await fetch(`${fake.url}${path}${query ? `?${query}` : ''}`, {
    method,
    headers: { 'X-MBX-APIKEY': fake.apiKey, ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    body: body || undefined,
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // an HTML error page: kept as text
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/** A public (unsigned) GET. */
export async function publicRequest(
  fake: FakeBinanceServer,
  path: string,
  params: Record<string, string> = {},
): Promise<SignedAnswer> {
  const query = encode(params);
  const response = await fetch(`${fake.url}${path}${query ? `?${query}` : ''}`);
  return { status: response.status, body: await response.json(), headers: response.headers };
}
