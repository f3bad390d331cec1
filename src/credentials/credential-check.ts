/**
 * Binance keys are checked before they are saved: the adapter starts and
 * reads the balance. A refusal (keys, permissions, clock) is the trader's to
 * fix (400); an exchange that cannot answer is 503. Nothing of the answer
 * quotes the secret (the exchange never echoes it).
 */
import { BadRequestException, HttpException, ServiceUnavailableException } from '@nestjs/common';
import { ExchangeError } from '../exchange/exchange-error';
import type { ManagedExchange } from '../exchange/exchange.factory';

/** Starts the adapter and reads the balance; stops it and throws the answer to give when that fails. */
export async function checkCredentials(adapter: ManagedExchange): Promise<void> {
  try {
    await adapter.start();
    await adapter.usdtBalance();
  } catch (error) {
    adapter.stop();
    throw credentialCheckFailure(error);
  }
}

export function credentialCheckFailure(error: unknown): HttpException {
  if (error instanceof ExchangeError && (error.kind === 'auth' || error.kind === 'clock')) {
    const body = {
      success: false,
      statusCode: 400,
      error: error.message,
      code: error.code,
      suggestions: error.suggestions,
    };
    return new BadRequestException(body);
  }
  if (error instanceof ExchangeError) {
    const message = `Could not check the credentials: ${error.message}`;
    const body = { success: false, statusCode: 503, error: message, code: error.code, suggestions: error.suggestions };
    return new ServiceUnavailableException(body);
  }
  return new ServiceUnavailableException({ success: false, statusCode: 503, error: 'Could not check the credentials' });
}
