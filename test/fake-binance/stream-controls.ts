/**
 * The fake's controls for its streams and for what Binance does to an account
 * on its own: stream faults (delay, dropped events, cut connections, an
 * expired listenKey, shorter key validity and connection lifetime), funding
 * fees, liquidations, auto-deleveraging and margin calls. Each takes an
 * optional `apiKey` naming the account (the fake's own key by default).
 * What each one makes the account push follows Binance's USD-M user-data stream
 * documentation (see src/exchange/paper/account-events.ts); the faults are the
 * ones its "User Data Streams" page warns of: a listenKey that expires without a
 * keepalive (60 min), and a connection cut at 24 h; plus a network stall
 * (connections open, nothing arriving).
 */
import Decimal from 'decimal.js';
import type { Request, Response, Router } from 'express';
import type { FuturesEngine } from '../../src/exchange/paper/futures-engine';
import type { PositionSide } from '../../src/common/order-sides';
import type { FakeStreamServer } from './stream-server';

/** The JSON bodies of these controls (every field optional; checked where used). */
interface ControlBody {
  apiKey?: string;
  ms?: number;
  count?: number;
  event?: string;
  listenKeyValidityMs?: number;
  connectionLifetimeMs?: number;
  symbol?: string;
  rate?: string | number;
  positionSide?: PositionSide;
  adl?: boolean;
  kind?: 'user' | 'market';
  on?: boolean;
}

interface StreamHost {
  apiKey: string;
  streams: FakeStreamServer;
  accountEngine(apiKey: string): FuturesEngine | undefined;
}

export function streamControlRoutes(router: Router, host: StreamHost): void {
  const streams = host.streams;
  const body = (req: Request) => (req.body ?? {}) as ControlBody;
  const account = (req: Request) => String(body(req).apiKey ?? host.apiKey);
  const engineOf = (req: Request, res: Response) => {
    const engine = host.accountEngine(account(req));
    if (!engine) res.status(400).json({ error: 'unknown apiKey' });
    return engine;
  };

  router.get('/stream', (_req, res) => res.json(streams.stats()));
  router.post('/stream/delay', (req, res) => {
    streams.delayMs = Number(body(req).ms ?? 0);
    res.json({ ok: true });
  });
  router.post('/stream/drop', (req, res) => {
    streams.drop({ count: Number(body(req).count ?? 1), event: body(req).event, account: body(req).apiKey });
    res.json({ ok: true });
  });
  // Every connection, or one account's user-data connections (apiKey).
  router.post('/stream/cut', (req, res) => res.json({ ok: true, closed: streams.cut(body(req).apiKey) }));
  router.post('/stream/stall', (req, res) => {
    const kinds = body(req).kind === undefined ? (['user', 'market'] as const) : [body(req).kind!];
    for (const kind of kinds) streams.stalled[kind] = body(req).on !== false;
    res.json({ ok: true, stalled: streams.stalled });
  });
  router.post('/stream/expire-listen-key', (req, res) => {
    const key = streams.expireListenKey(account(req));
    res.json({ ok: true, expired: key !== undefined });
  });
  router.post('/stream/settings', (req, res) => {
    if (body(req).listenKeyValidityMs !== undefined)
      streams.listenKeys.validityMs = Number(body(req).listenKeyValidityMs);
    if (body(req).connectionLifetimeMs !== undefined)
      streams.connectionLifetimeMs = Number(body(req).connectionLifetimeMs);
    res.json({
      ok: true,
      listenKeyValidityMs: streams.listenKeys.validityMs,
      connectionLifetimeMs: streams.connectionLifetimeMs,
    });
  });
  router.post('/funding', (req, res) => {
    const engine = engineOf(req, res);
    if (!engine) return;
    const total = engine.events.fundingFee(String(body(req).symbol), String(body(req).rate ?? '0.0001'));
    res.json({ ok: true, total: total.toFixed(8) });
  });
  router.post('/liquidate', (req, res) => {
    const engine = engineOf(req, res);
    if (!engine) return;
    const side = String(body(req).positionSide ?? 'BOTH') as PositionSide;
    const order = engine.events.forceClose(String(body(req).symbol), side, body(req).adl ? 'ADL' : 'LIQUIDATION');
    res.json({
      ok: true,
      orderId: order.orderId,
      clientOrderId: order.clientOrderId,
      avgPrice: new Decimal(order.avgPrice).toFixed(),
    });
  });
  router.post('/margin-call', (req, res) => {
    const engine = engineOf(req, res);
    if (!engine) return;
    engine.events.marginCall();
    res.json({ ok: true });
  });
}
