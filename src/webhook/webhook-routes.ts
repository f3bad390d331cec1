/**
 * The TradingView webhook routes, once: their recorded names, URL paths, Swagger summaries and whether
 * the route is state-aware (places no order when already in the asked state). The controller, the
 * signal pipeline, the body-size guard in setup-app, the admin filters and Swagger all read this table,
 * so a new route is one entry here. The bot route is the URL of every bot (its slug in the path); whether
 * a bot is state-aware is the bot's own setting, not the table's.
 */
export const WEBHOOK_ROUTES = {
  'advanced-trading': {
    paths: ['binance/advanced-trading-webhook', 'tradingview/binance/advanced-trading-webhook'],
    stateAware: false,
    summary: 'Advanced trading webhook: buy, sell or close with automatic position sizing',
  },
  'state-aware-ma-cross': {
    paths: ['binance/state-aware-ma-cross-webhook', 'tradingview/binance/state-aware-ma-cross-webhook'],
    stateAware: true,
    summary:
      'State-aware MA cross webhook: like the advanced webhook, but places no order when already in the asked state',
  },
  bot: {
    paths: ['bots/:slug/webhook'],
    stateAware: false,
    summary:
      "A bot's webhook: the alert, checked against the bot's own secret and completed with its defaults, " +
      'is traded by every enabled account of the bot in parallel; the answer lists each account',
  },
} as const;

/** The name a signal is recorded under (signals.route). */
export type WebhookRoute = keyof typeof WEBHOOK_ROUTES;

export const WEBHOOK_ROUTE_NAMES = Object.keys(WEBHOOK_ROUTES) as WebhookRoute[];

export function isWebhookRoute(name: string): name is WebhookRoute {
  return Object.hasOwn(WEBHOOK_ROUTES, name);
}

/** The routes an alert reaches without a bot: the default bot's, trading the default account. */
export type DirectRoute = Exclude<WebhookRoute, 'bot'>;
export const DIRECT_ROUTE_NAMES = WEBHOOK_ROUTE_NAMES.filter((route): route is DirectRoute => route !== 'bot');

/** The name a bot's alerts are recorded under. */
export const botRouteName = (slug: string): string => `bot:${slug}`;

/** A recorded route name (signals.route) read back through the table: a direct route, or a bot's; else unknown. */
export function recordedRoute(name: string): { route: DirectRoute } | { route: 'bot'; slug: string } | undefined {
  if (name.startsWith(botRouteName(''))) return { route: 'bot', slug: name.slice(botRouteName('').length) };
  return isWebhookRoute(name) && name !== 'bot' ? { route: name } : undefined;
}

/** The paths of a route, as mounted under the global prefix. */
export function mountedPaths(route: WebhookRoute, prefix: string): string[] {
  return WEBHOOK_ROUTES[route].paths.map((path) => `/${prefix}/${path}`);
}
