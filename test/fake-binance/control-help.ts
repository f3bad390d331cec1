/**
 * `npm run fake-binance -- --help`: the command line and every /__control
 * endpoint with its parameters, the injectable faults included. A test checks
 * that every route of the control router is listed here, so a new control or
 * fault cannot go undocumented.
 */

export interface ControlEndpoint {
  method: 'GET' | 'POST';
  /** Under /__control. */
  path: string;
  /** JSON body fields (POST) or what the answer holds (GET). */
  params: string[];
  description: string;
}

export const CONTROL_ENDPOINTS: ControlEndpoint[] = [
  {
    method: 'POST',
    path: '/reset',
    params: ['walletUsdt?: string'],
    description:
      'Fresh account: wallet, one-way mode, no positions or orders (conditional ones too), reference prices; ' +
      'clears faults, latency, order-count limits and the request log.',
  },
  {
    method: 'POST',
    path: '/price',
    params: ['symbol: string', 'price: string'],
    description:
      "Sets a symbol's price. Conditional orders (STOP, TAKE_PROFIT, TRAILING_STOP…) it crosses place their " +
      'orders; answers { ok, triggeredAlgoIds }.',
  },
  {
    method: 'POST',
    path: '/balance',
    params: [
      'amount: string',
      'asset?: "USDT"',
      'apiKey?: string (an account added by POST /accounts; default: the main one)',
    ],
    description: 'Sets the USDT wallet balance of one account.',
  },
  {
    method: 'POST',
    path: '/position-mode',
    params: ['dualSidePosition: boolean'],
    description:
      "Switches one-way / hedge mode behind the client's back (positions are cleared); no stream event, " +
      'as Binance pushes none for a mode change (POST /fapi/v1/positionSide/dual pushes none either).',
  },
  {
    method: 'POST',
    path: '/multi-assets',
    params: ['multiAssetsMargin: boolean'],
    description:
      "Switches Multi-Assets mode behind the client's back: ISOLATED margin is then refused (-4168), " +
      'as POST /fapi/v1/multiAssetsMargin does.',
  },
  {
    method: 'POST',
    path: '/batch-order',
    params: ['mode: "random" | "as-sent" | "reverse" (default random)', 'seed?: number (random mode, reproducible)'],
    description:
      "Concurrent-batch fault: the order in which a batchOrders request's items execute. Whatever the order, " +
      'each item is margin-checked against the account as it was before the batch, as Binance runs them ' +
      'concurrently ("reverse" runs a reversal\'s open before its close).',
  },
  {
    method: 'POST',
    path: '/symbol-settings',
    params: ['symbol: string', 'leverage?: number', 'marginType?: "ISOLATED" | "CROSSED"'],
    description:
      "Changes a symbol's leverage or margin type behind the client's back: no stream event (POST " +
      '/fapi/v1/leverage and /fapi/v1/marginType push ACCOUNT_CONFIG_UPDATE / ACCOUNT_UPDATE, as Binance does).',
  },
  {
    method: 'POST',
    path: '/latency',
    params: ['ms: number'],
    description: 'Delay before every Binance endpoint answers.',
  },
  {
    method: 'POST',
    path: '/fail',
    params: [
      'path: string (a Binance path, e.g. /fapi/v1/order)',
      'method?: string',
      'count?: number (default 1)',
      "status?: number (HTTP status; without code: an HTML body, as Binance's gateway sends)",
      'code?: number (Binance error code, JSON body)',
      'msg?: string',
      'timeout?: boolean (never answer: the client times out)',
      'execute?: boolean (process the request first, then fail or hang: the order executes)',
      'drop?: boolean (close the connection without an answer)',
      'executeAfterMs?: number (accept the order, lose its answer as timeout / drop / status / code say ' +
        '(e.g. status 408, 502, or 500 with code -1000), and execute it later: this many ms after it arrived, ' +
        'not before the first lookup of its client order id (GET /fapi/v1/order) was answered, and at the ' +
        'latest just before its timestamp + recvWindow runs out, after which Binance executes nothing)',
      'retryAfter?: number (seconds, for 429/418)',
      'apiKey?: string (only requests signed with this key: one account; default every account)',
    ],
    description:
      'Injects the next failure(s) of a path: any Binance error code (-1003, -1021, -2019, -4164…), 5xx pages, ' +
      '429/418 with Retry-After, timeouts, lost answers.',
  },
  {
    method: 'POST',
    path: '/order-limits',
    params: ['per10s?: number | null', 'perMinute?: number | null (null: no limit)'],
    description:
      "The account's order-count limits (default 300 per 10 s and 1200 per minute, as Binance). Over a limit: " +
      'HTTP 429, -1015 and Retry-After; order answers carry X-MBX-ORDER-COUNT-10S and X-MBX-ORDER-COUNT-1M.',
  },
  {
    method: 'GET',
    path: '/stream',
    params: [
      'connections: [{ kind: "user" | "market", streams, openedAt, silenced }]',
      'listenKeys',
      'delivered',
      'dropped',
      'refused',
    ],
    description:
      'The WebSocket streams (same port: /ws/<listenKey>, /private/ws/<listenKey>, /ws/<symbol>@markPrice[@1s], ' +
      '/market/ws/…, /stream?streams=a/b) and how many messages were delivered, dropped or refused.',
  },
  {
    method: 'POST',
    path: '/stream/delay',
    params: ['ms: number'],
    description: 'Stream fault: every stream message (user data and mark prices) is sent this many ms late (0: none).',
  },
  {
    method: 'POST',
    path: '/stream/drop',
    params: [
      'count?: number (default 1)',
      'event?: string (e.g. ORDER_TRADE_UPDATE; any user event when absent)',
      "apiKey?: string (only that account's events; any account's when absent)",
    ],
    description: 'Stream fault: the next user-data events (of that type) are lost, as over a lossy connection.',
  },
  {
    method: 'POST',
    path: '/stream/cut',
    params: ["apiKey?: string (only that account's user-data connections; every connection when absent)"],
    description: 'Stream fault: stream connections are closed abruptly (no close frame); answers { closed }.',
  },
  {
    method: 'POST',
    path: '/stream/stall',
    params: ["kind?: 'user' | 'market' (both when absent)", 'on?: boolean (default true; false ends it)'],
    description:
      'Stream fault: a network stall: the connections stay open and nothing arrives (events and mark prices ' +
      'made meanwhile are lost).',
  },
  {
    method: 'POST',
    path: '/stream/expire-listen-key',
    params: ["apiKey?: string (the account; the fake's key by default)"],
    description:
      "Stream fault: the account's listenKey expires now: its connections get listenKeyExpired and then nothing " +
      'more; PUT /fapi/v1/listenKey answers -1125 until a new key is made with POST.',
  },
  {
    method: 'POST',
    path: '/stream/settings',
    params: ['listenKeyValidityMs?: number (default 3600000)', 'connectionLifetimeMs?: number (default 86400000)'],
    description:
      "How long a listenKey lives without keepalive (Binance: 60 min) and a connection's lifetime " +
      '(Binance: 24 h, then it is closed), shortened to test keepalive and renewal.',
  },
  {
    method: 'POST',
    path: '/funding',
    params: ['symbol: string', 'rate?: string (default 0.0001; longs pay when positive)', 'apiKey?: string'],
    description:
      'A funding settlement on the open positions of a symbol: wallet change, FUNDING_FEE income entry, and ' +
      'ACCOUNT_UPDATE with reason FUNDING_FEE.',
  },
  {
    method: 'POST',
    path: '/liquidate',
    params: [
      'symbol: string',
      'positionSide?: "BOTH" | "LONG" | "SHORT" (default BOTH)',
      'adl?: boolean',
      'apiKey?: string',
    ],
    description:
      'Binance closes a position itself at the current price: a liquidation (client order id autoclose-<time>, ' +
      'type LIQUIDATION, execution CALCULATED) or, with adl, auto-deleveraging (adl_autoclose); trade and income ' +
      'history and the stream show it.',
  },
  {
    method: 'POST',
    path: '/margin-call',
    params: ['apiKey?: string'],
    description: 'Pushes MARGIN_CALL with every open position on the user-data stream.',
  },
  {
    method: 'GET',
    path: '/state',
    params: [
      ...['balances', 'dualSidePosition', 'multiAssetsMargin', 'batchOrder'],
      ...['positions', 'openOrders', 'openAlgoOrders', 'settings'],
    ],
    description: 'The account as a trader would see it.',
  },
  {
    method: 'POST',
    path: '/accounts',
    params: ['apiKey: string', 'apiSecret: string', 'walletUsdt?: string (default 10000)'],
    description:
      'Adds a Binance account served beside the main one: requests signed with its key and secret act on its ' +
      'own balance, positions, orders, settings and order-count limits; request weight stays shared (per IP). ' +
      'Prices are common (POST /price sets them for every account). Reset removes the added accounts.',
  },
  {
    method: 'POST',
    path: '/accounts/revoke',
    params: ['apiKey: string', 'revoked?: boolean (false restores the key)'],
    description: "Revokes an account's key: every signed request with it answers HTTP 401, -2015, as a deleted key.",
  },
  {
    method: 'GET',
    path: '/accounts',
    params: ['[{ apiKey, revoked, balances, positions, openOrders, openAlgoOrders, settings, … }]'],
    description: 'Every account the fake serves (the main one first) and its state.',
  },
  {
    method: 'GET',
    path: '/requests',
    params: ['[{ method, path, params, receivedAt, apiKey, status, failed, deferred }]'],
    description: 'Every Binance request received (signature removed).',
  },
];

const OPTIONS = [
  ['--port N', 'port to listen on (default 9100)'],
  ['--host H', 'address to listen on (default 127.0.0.1)'],
  ['--api-key K', 'accepted X-MBX-APIKEY (default fake-key)'],
  ['--api-secret S', 'HMAC secret requests are signed with (default fake-secret)'],
  ['--latency MS', 'delay before every answer (default 0)'],
  ['--wallet USDT', 'starting USDT wallet (default 10000)'],
  ['--help', 'this text'],
];

export function usage(): string {
  const lines = [
    "Fake Binance USD-M Futures: Binance's REST paths, shapes, signatures and error codes over a simulated account.",
    '',
    'Usage: npm run fake-binance -- [options]',
    '',
    'Options:',
    ...OPTIONS.map(([flag, text]) => `  ${flag.padEnd(16)} ${text}`),
    '',
    'Control API (JSON bodies; never under Binance paths):',
  ];
  for (const c of CONTROL_ENDPOINTS) {
    lines.push(`  ${c.method.padEnd(5)} /__control${c.path}`, `        ${c.description}`);
    for (const p of c.params) lines.push(`        - ${p}`);
  }
  return `${lines.join('\n')}\n`;
}
