/** The admin API's view of account events: PnL per day or symbol, and the events of a signal. */
import { Injectable } from '@nestjs/common';
import { SwitchableExchange } from '../exchange/switchable.exchange';
import { accountEventJson, pnlRowJson } from './account-event-json';
import { AccountEventsRepository } from './account-events.repository';
import type { PnlQueryDto } from './dto/pnl-query.dto';

@Injectable()
export class AccountEventsService {
  constructor(
    private readonly repository: AccountEventsRepository,
    private readonly exchange: SwitchableExchange,
  ) {}

  /** Of the account traded on now (paper, or the keys in use). */
  async pnl(query: PnlQueryDto) {
    const rows = await this.repository.pnl({
      account: this.exchange.accountId,
      group: query.group ?? 'day',
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      symbol: query.symbol,
    });
    return { rows: rows.map(pnlRowJson) };
  }

  async ofSignal(signalId: string) {
    return (await this.repository.ofSignal(signalId)).map(accountEventJson);
  }
}
