/**
 * An error the simulated exchange answers with, exactly as Binance would:
 * its code, its message and the HTTP status it comes with.
 */
export class BinanceRejection extends Error {
  constructor(
    readonly code: number,
    readonly msg: string,
    readonly httpStatus = 400,
    /** Seconds, sent as Retry-After (rate limits). */
    readonly retryAfterSeconds?: number,
  ) {
    super(msg);
    this.name = 'BinanceRejection';
  }

  toJSON(): { code: number; msg: string } {
    return { code: this.code, msg: this.msg };
  }
}

export const reject = {
  invalidSymbol: () => new BinanceRejection(-1121, 'Invalid symbol.'),
  mandatory: (name: string) =>
    new BinanceRejection(-1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`),
  notRequired: (name: string) => new BinanceRejection(-1106, `Parameter '${name}' sent when not required.`),
  illegalChars: (name: string, range: string) =>
    new BinanceRejection(-1100, `Illegal characters found in parameter '${name}'; legal range is '${range}'.`),
  precision: () => new BinanceRejection(-1111, 'Precision is over the maximum defined for this asset.'),
  filter: (filter: string) => new BinanceRejection(-1013, `Filter failure: ${filter}`),
  qtyNotPositive: () => new BinanceRejection(-4003, 'Quantity less than or equal to zero.'),
  qtyTooLarge: () => new BinanceRejection(-4005, 'Quantity greater than max quantity.'),
  priceTick: () => new BinanceRejection(-4014, 'Price not increased by tick size.'),
  notional: (min: string) =>
    new BinanceRejection(-4164, `Order's notional must be no smaller than ${min} (unless you choose reduce only).`),
  margin: () => new BinanceRejection(-2019, 'Margin is insufficient.'),
  maxPosition: () => new BinanceRejection(-2027, 'Exceeded the maximum allowable position at current leverage.'),
  reduceOnly: () => new BinanceRejection(-2022, 'ReduceOnly Order is rejected.'),
  positionSide: () => new BinanceRejection(-4061, "Order's position side does not match user's setting."),
  leverage: (leverage: string) => new BinanceRejection(-4028, `Leverage ${leverage} is not valid`),
  marginTypeNoChange: () => new BinanceRejection(-4046, 'No need to change margin type.'),
  marginTypeOpenOrders: () => new BinanceRejection(-4047, 'Margin type cannot be changed if there exists open orders.'),
  marginTypePosition: () => new BinanceRejection(-4048, 'Margin type cannot be changed if there exists position.'),
  positionModeNoChange: () => new BinanceRejection(-4059, 'No need to change position side.'),
  positionModeOpenOrders: () =>
    new BinanceRejection(-4067, 'Position side cannot be changed if there exists open orders.'),
  positionModePosition: () => new BinanceRejection(-4068, 'Position side cannot be changed if there exists position.'),
  duplicateClientId: () => new BinanceRejection(-4116, 'ClientOrderId is duplicated.'),
  symbolStatus: () => new BinanceRejection(-4140, 'Invalid symbol status for opening position.'),
  unknownOrder: () => new BinanceRejection(-2013, 'Order does not exist.'),
  invalidSide: () => new BinanceRejection(-1117, 'Invalid side.'),
  invalidType: () => new BinanceRejection(-1116, 'Invalid orderType.'),
  invalidTimeInForce: () => new BinanceRejection(-1115, 'Invalid timeInForce.'),
  isolatedLeverageReduction: () =>
    new BinanceRejection(-4161, 'Leverage reduction is not supported in Isolated Margin Mode with open positions.'),
  multiAssetsIsolated: () =>
    new BinanceRejection(
      -4167,
      'Unable to adjust to Multi-Assets mode with symbols of USDⓈ-M Futures under isolated-margin mode.',
    ),
  isolatedInMultiAssets: () =>
    new BinanceRejection(-4168, 'Unable to adjust to isolated-margin mode under the Multi-Assets mode.'),
  multiAssetsNoChange: () => new BinanceRejection(-4171, 'Adjusted Multi-Assets mode is same as current one.'),
  batchTooLarge: () => new BinanceRejection(-1101, 'Too many parameters; expected 5 and received more.'),
  // Binance's futures error codes: https://developers.binance.com/docs/derivatives/usds-margined-futures/error-code
  timeWindow: () => new BinanceRejection(-1127, 'More than 168 hours between startTime and endTime.'),
  unknownOrderCancel: () => new BinanceRejection(-2011, 'Unknown order sent.'),
  wouldTrigger: () => new BinanceRejection(-2021, 'Order would immediately trigger.'),
  maxAlgoOrders: () => new BinanceRejection(-4045, 'Reach max stop order limit.'),
  callbackRate: () => new BinanceRejection(-4071, 'Invalid callback rate.'),
  // -4130 INVALID_CLOSE_POSITION (error-code page above): one close-all stop and one close-all take profit
  // per direction.
  closePositionExists: () =>
    new BinanceRejection(
      -4130,
      'An open stop or take profit order with GTE and closePosition in the direction is existing.',
    ),
  // Since 2025-12-09 /fapi/v1/order refuses conditional types (change log 2025-11-06).
  algoOnly: () =>
    new BinanceRejection(
      -4120,
      'Order type not supported for this endpoint. Please use the Algo Order API endpoints instead.',
    ),
};

/** Binance's message for each code the simulation (or an injected failure) can answer with. */
export const BINANCE_MESSAGES: Record<number, string> = {
  [-1000]: 'An unknown error occured while processing the request.',
  [-1001]: 'Internal error; unable to process your request. Please try again.',
  [-1007]: 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.',
  [-1021]: 'Timestamp for this request is outside of the recvWindow.',
  [-1022]: 'Signature for this request is not valid.',
  [-2014]: 'API-key format invalid.',
  [-2015]: 'Invalid API-key, IP, or permissions for action.',
  [-4131]: "The counterparty's best price does not meet the PERCENT_PRICE filter limit.",
  ...Object.fromEntries(
    Object.values(reject)
      .map((make) => (make as (arg: string) => BinanceRejection)('X'))
      .map((r) => [r.code, r.msg]),
  ),
};
