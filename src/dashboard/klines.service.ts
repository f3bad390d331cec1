/**
 * A symbol's candles for the chart, through the exchange port, as exact
 * decimal strings. An exchange failure answers in the API's error shape:
 * 400 for what the exchange refused (an unknown symbol), 503 otherwise.
 */
import { BadRequestException, HttpException, Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { ExchangeError } from '../exchange/exchange-error';
import { EXCHANGE, ExchangePort } from '../exchange/exchange.port';
import { KlinesQueryDto } from './dto/klines-query.dto';

@Injectable()
export class KlinesService {
  constructor(@Inject(EXCHANGE) private readonly exchange: ExchangePort) {}

  async klines(query: KlinesQueryDto) {
    const klines = await this.exchange.klines(query.symbol, query.interval, query.limit).catch((error: unknown) => {
      throw klinesFailure(error);
    });
    return {
      symbol: query.symbol,
      interval: query.interval,
      exchange: { mode: this.exchange.venue.mode, host: this.exchange.venue.host },
      klines: klines.map((k) => ({
        open_time: k.openTime,
        close_time: k.closeTime,
        open: k.open.toFixed(),
        high: k.high.toFixed(),
        low: k.low.toFixed(),
        close: k.close.toFixed(),
        volume: k.volume.toFixed(),
      })),
    };
  }
}

function klinesFailure(error: unknown): HttpException {
  if (!(error instanceof ExchangeError)) return new ServiceUnavailableException('Candles could not be read');
  const body = { error: error.message, code: error.code, suggestions: error.suggestions };
  if (error.httpStatus !== undefined && error.httpStatus >= 400 && error.httpStatus < 500 && error.httpStatus !== 429) {
    return new BadRequestException({ statusCode: 400, ...body });
  }
  return new ServiceUnavailableException({ statusCode: 503, ...body });
}
