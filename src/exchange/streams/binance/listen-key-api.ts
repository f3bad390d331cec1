/**
 * The three REST calls of Binance's user-data stream key, as the Binance
 * adapter makes them (POST / PUT / DELETE /fapi/v1/listenKey). A keepalive or
 * close of a key Binance no longer knows fails with code -1125.
 */
export interface ListenKeyApi {
  /** Creates the account's key, or answers the active one with its validity extended by 60 minutes. */
  createListenKey(): Promise<string>;
  keepAliveListenKey(listenKey: string): Promise<void>;
  closeListenKey(listenKey: string): Promise<void>;
}

export const UNKNOWN_LISTEN_KEY = -1125;
