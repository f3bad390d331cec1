/** An AccountReader with no live state (as with BINANCE_STREAMS=off): every trade reads over REST. */
import type { AppConfig } from '../../src/config/app-config';
import type { InstancePresence } from '../../src/database/instance-presence';
import type { ExchangePort } from '../../src/exchange/exchange.port';
import type { SwitchableExchange } from '../../src/exchange/switchable.exchange';
import type { AccountStream } from '../../src/exchange/streams/account-stream.port';
import { AccountReader } from '../../src/positions/account-reader.service';
import type { AccountLiveStates } from '../../src/positions/account-state/account-live-states';
import { LiveAccountStateService } from '../../src/positions/account-state/live-account-state.service';
import type { PositionsService } from '../../src/positions/positions.service';

export function restAccountReader(exchange: ExchangePort, positions: PositionsService): AccountReader {
  const off = { streams: { enabled: false, stateFromStreams: false, silenceLimitMs: 1, markPriceMaxAgeMs: 1 } };
  const live = new LiveAccountStateService(
    {} as AccountStream,
    {} as SwitchableExchange,
    off as AppConfig,
    {} as InstancePresence,
  );
  return new AccountReader(exchange, positions, live, { get: () => undefined } as unknown as AccountLiveStates);
}
