/**
 * What each Binance error means for a trader: its kind (which decides our own
 * HTTP answer and whether a retry may help), a short title, and suggestions.
 * Pure data plus lookups; the docs' error table is checked against it.
 */

/**
 * rejected: the exchange refused the order under its rules (422 to the caller);
 * auth / config: our credentials or settings are wrong (502);
 * rate-limited / banned: back off (503); unavailable / timeout: unreachable or
 * unknown outcome (503); no-op: nothing needed to change (treated as success).
 */
export type ExchangeErrorKind =
  'rejected' | 'auth' | 'clock' | 'rate-limited' | 'banned' | 'unavailable' | 'timeout' | 'no-op' | 'unknown';

export interface ErrorAdvice {
  kind: ExchangeErrorKind;
  title: string;
  suggestions: string[];
}

export const BINANCE_ERROR_TABLE: Record<number, ErrorAdvice> = {
  [-1000]: {
    kind: 'unavailable',
    title: 'Unknown error on the exchange',
    suggestions: ['Retry the request in a few seconds', 'Check the order history on Binance before retrying a trade'],
  },
  [-1001]: {
    kind: 'unavailable',
    title: 'Exchange internal error',
    suggestions: ['Retry the request in a few seconds'],
  },
  [-1003]: {
    kind: 'rate-limited',
    title: 'Too many requests',
    suggestions: ['Send fewer alerts at once (e.g. "Once Per Bar Close")', 'Wait a minute before sending more signals'],
  },
  [-1007]: {
    kind: 'timeout',
    title: 'Exchange backend timeout; execution status unknown',
    suggestions: ['Check your open positions before retrying: the order may have been executed'],
  },
  [-1008]: { kind: 'unavailable', title: 'Exchange overloaded', suggestions: ['Retry the request in a few seconds'] },
  [-1013]: {
    kind: 'rejected',
    title: 'Quantity or price rejected by a symbol filter',
    suggestions: [
      'Increase balance_percentage or leverage so the quantity reaches the minimum',
      'The service rounds to the symbol step size; if this persists the symbol rules may have changed and will be ' +
        'refreshed',
    ],
  },
  [-1015]: {
    kind: 'rate-limited',
    title: 'Too many new orders (order-rate limit)',
    suggestions: [
      'Send fewer alerts at once (e.g. "Once Per Bar Close")',
      'The service pauses order sending until the limit window ends',
    ],
  },
  [-1021]: {
    kind: 'clock',
    title: 'Request timestamp outside the recvWindow',
    suggestions: [
      'Synchronise the server clock (NTP)',
      'Increase BINANCE_RECV_WINDOW_MS',
      'The service resynchronises with Binance server time automatically; retry the signal',
    ],
  },
  [-1022]: {
    kind: 'auth',
    title: 'Invalid signature',
    suggestions: [
      'Check BINANCE_API_SECRET: it must match the API key',
      'Configure credentials via /api/binance/config',
    ],
  },
  [-1102]: {
    kind: 'rejected',
    title: 'A mandatory parameter was missing or malformed',
    suggestions: ['Check the signal fields'],
  },
  [-1106]: {
    kind: 'rejected',
    title: 'A parameter was sent that the order does not accept',
    suggestions: ['Check the account position mode (one-way or hedge)'],
  },
  [-1111]: {
    kind: 'rejected',
    title: 'Precision error',
    suggestions: [
      'Quantity precision is auto-handled by the webhook; the symbol rules are refreshed automatically, retry the ' +
        'signal',
    ],
  },
  [-1116]: { kind: 'rejected', title: 'Invalid order type', suggestions: ['Use buy, sell or close as action'] },
  [-1121]: {
    kind: 'rejected',
    title: 'Invalid symbol',
    suggestions: ['Use a valid Binance Futures symbol such as BTCUSDT', 'The symbol list is refreshed automatically'],
  },
  [-2013]: {
    kind: 'rejected',
    title: 'Order does not exist',
    suggestions: ['The order may already be filled or cancelled'],
  },
  [-2014]: {
    kind: 'auth',
    title: 'API key format invalid',
    suggestions: ['Client not configured: check BINANCE_API_KEY', 'Configure via /api/binance/config'],
  },
  [-2015]: {
    kind: 'auth',
    title: 'Invalid API key, IP, or permissions for action',
    suggestions: [
      'Check the API key and secret (testnet keys only work on testnet)',
      'Enable futures trading for the key',
      "Add this server's IP to the key's allowlist",
      'Configure via /api/binance/config',
    ],
  },
  [-2018]: { kind: 'rejected', title: 'Insufficient balance', suggestions: ['Reduce balance_percentage or add funds'] },
  [-2019]: {
    kind: 'rejected',
    title: 'Insufficient margin',
    suggestions: [
      'Reduce balance_percentage or leverage',
      'Add funds to your futures wallet',
      'Close other positions to free margin',
    ],
  },
  [-2021]: {
    kind: 'rejected',
    title: 'Order would immediately trigger',
    suggestions: ['Market price moved: retry the request'],
  },
  [-2022]: {
    kind: 'rejected',
    title: 'Reduce-only order rejected',
    suggestions: ['There is no position to reduce in that direction; the position may already be closed'],
  },
  [-2027]: {
    kind: 'rejected',
    title: 'Exceeded the maximum allowable position at current leverage',
    suggestions: ['Lower the leverage or the balance_percentage', "Check the symbol's leverage brackets on Binance"],
  },
  [-2028]: {
    kind: 'rejected',
    title: 'Leverage is smaller than permitted: insufficient margin balance',
    suggestions: ['Add margin or increase the leverage'],
  },
  [-4003]: {
    kind: 'rejected',
    title: 'Quantity less than or equal to zero',
    suggestions: ['Increase balance_percentage or leverage'],
  },
  [-4028]: {
    kind: 'rejected',
    title: 'Leverage not valid for this symbol',
    suggestions: ["Use a leverage within the symbol's maximum (see Binance's leverage brackets)"],
  },
  [-4045]: {
    kind: 'rejected',
    title: 'Too many stop orders on the symbol',
    suggestions: [
      "Cancel some of the symbol's conditional orders (a close signal cancels them all), or ask for fewer take profits",
    ],
  },
  [-4046]: { kind: 'no-op', title: 'No need to change margin type', suggestions: [] },
  [-4047]: {
    kind: 'rejected',
    title: 'Margin type cannot be changed while there are open orders',
    suggestions: ['Cancel open orders of the symbol first (a close signal does that)'],
  },
  [-4048]: {
    kind: 'rejected',
    title: 'Margin type cannot be changed while a position is open',
    suggestions: [
      'Close the position first, or send the signal with the margin_type the position already uses',
      'Set DEFAULT_MARGIN_TYPE to match your open positions',
    ],
  },
  [-4059]: { kind: 'no-op', title: 'No need to change position side', suggestions: [] },
  [-4061]: {
    kind: 'rejected',
    title: "Order's position side does not match the account's position mode",
    suggestions: [
      'The position mode was changed on Binance: the service re-reads it (a trade on the streamed account ' +
        'state is retried once by itself); retry the signal',
    ],
  },
  [-4068]: {
    kind: 'rejected',
    title: 'Position mode cannot be changed while positions are open',
    suggestions: ['Close all positions first'],
  },
  [-4116]: {
    kind: 'rejected',
    title: 'Client order id is duplicated',
    suggestions: ['This signal was already executed; check the trade history'],
  },
  [-4120]: {
    kind: 'rejected',
    title: 'Order type not supported on this endpoint: conditional orders go to the Algo Order API',
    suggestions: [
      'STOP, TAKE_PROFIT and trailing orders are placed through /fapi/v1/algoOrder since 2025-12',
      'Update the client library if this persists',
    ],
  },
  [-4130]: {
    kind: 'rejected',
    title: 'A close-position stop or take profit already exists in that direction',
    suggestions: ['Cancel the existing stop loss of the position on Binance, or send a close signal first'],
  },
  [-4161]: {
    kind: 'rejected',
    title: 'Leverage cannot be lowered while an isolated position is open',
    suggestions: [
      'Send the signal with the leverage the open position uses, or higher',
      'Or close the position first (a close signal), then open at the lower leverage',
      'Or use CROSSED margin for this symbol',
    ],
  },
  [-4167]: {
    kind: 'rejected',
    title: 'Multi-Assets mode cannot be turned on while a symbol uses isolated margin',
    suggestions: ['Switch every symbol to CROSSED margin first'],
  },
  [-4168]: {
    kind: 'rejected',
    title: 'Isolated margin is not available in Multi-Assets mode',
    suggestions: [
      'Send the signal with "margin_type": "CROSSED" or without margin_type',
      'Or switch the account to Single-Asset mode on Binance (Preferences → Asset Mode)',
    ],
  },
  [-4202]: {
    kind: 'rejected',
    title: 'Leverage above 20x is not allowed for this account yet',
    suggestions: [
      'Use leverage 20 or less: Binance limits new accounts (under 60 days) to 20x',
      'Complete the leverage questionnaire or verification Binance asks for in the futures settings',
    ],
  },
  [-4203]: {
    kind: 'rejected',
    title: 'Leverage above 20x is not allowed for this account',
    suggestions: ['Use leverage 20 or less', "Check the account's verification and futures settings on Binance"],
  },
  [-4131]: {
    kind: 'rejected',
    title: 'Market price moved beyond the allowed range',
    suggestions: ['Market price moved: retry the request'],
  },
  [-4164]: {
    kind: 'rejected',
    title: "Order's notional below the symbol minimum",
    suggestions: ['Increase balance_percentage or leverage so quantity × price reaches the minimum notional'],
  },
  [-4400]: {
    kind: 'rejected',
    title: 'Account restricted to reduce-only orders (Futures Trading Quantitative Rules)',
    suggestions: [
      'Only closing orders are accepted for now: a close signal still works',
      'Check the Futures Trading Quantitative Rules notice on Binance; the restriction lifts after the period it names',
    ],
  },
  [-4401]: {
    kind: 'rejected',
    title: 'Account restricted to reduce-only orders (compliance)',
    suggestions: [
      'Only closing orders are accepted: a close signal still works',
      'Contact Binance support about the restriction on your account',
    ],
  },
  [-5028]: {
    kind: 'clock',
    title: "Request timestamp outside the matching engine's recvWindow",
    suggestions: [
      'Synchronise the server clock (NTP)',
      'Increase BINANCE_RECV_WINDOW_MS',
      'Check the order history on Binance before retrying a trade',
    ],
  },
};

/** Errors that carry no Binance code: only an HTTP status, or no answer at all. */
export const HTTP_ERROR_ADVICE = {
  429: {
    kind: 'rate-limited',
    title: 'Too many requests (HTTP 429)',
    suggestions: ['Send fewer alerts at once', 'The service pauses requests until Binance allows them again'],
  },
  418: {
    kind: 'banned',
    title: 'IP banned by Binance for too many requests (HTTP 418)',
    suggestions: ['Stop sending signals until the ban ends', 'Reduce alert frequency'],
  },
  // Binance: "HTTP 408 return code is used when a timeout has occurred while waiting for a response
  // from the backend server."
  408: {
    kind: 'timeout',
    title: 'Binance backend timeout (HTTP 408); execution status unknown',
    suggestions: ['Check your open positions before retrying: the order may have been executed'],
  },
  '5xx': {
    kind: 'unavailable',
    title: 'Binance server error; execution status unknown',
    suggestions: ['Check your open positions before retrying', 'Retry the request in a few seconds'],
  },
  timeout: {
    kind: 'timeout',
    title: 'No answer from Binance in time; execution status unknown',
    suggestions: [
      'Check your open positions before retrying: the order may have been executed',
      'Check the network between this server and Binance',
    ],
  },
  network: {
    kind: 'unavailable',
    title: 'Binance cannot be reached',
    suggestions: ['Check the network and BINANCE_FUTURES_URL', 'Retry the request in a few seconds'],
  },
} satisfies Record<string, ErrorAdvice>;

export function adviceForCode(code: number): ErrorAdvice | undefined {
  return BINANCE_ERROR_TABLE[code];
}
