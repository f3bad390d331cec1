/** Swagger's description of GET /api/admin/pnl and of the account events in a signal's detail. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class PnlRowDto {
  @ApiProperty({ description: 'The UTC day (YYYY-MM-DD) or the symbol', example: '2026-11-27' })
  key!: string;

  @ApiProperty({ description: 'Realised PnL of the fills (liquidations included), exact decimal', example: '12.5' })
  realized_pnl!: string;

  @ApiProperty({
    description: "Commissions paid in the symbol's quote asset (a commission paid in BNB is not added)",
    example: '0.84',
  })
  fees!: string;

  @ApiProperty({ description: 'Funding fees, signed: negative when paid', example: '-0.12' })
  funding!: string;

  @ApiProperty({ description: 'realized_pnl − fees + funding', example: '11.54' })
  net!: string;

  @ApiProperty({ description: 'Fills that realised PnL (closed all or part of a position)', example: 4 })
  trades!: number;

  @ApiProperty({ description: 'Of those, fills with a positive realised PnL', example: 3 })
  wins!: number;

  @ApiProperty({ description: 'Of those, fills with a negative realised PnL', example: 1 })
  losses!: number;
}

export class PnlResponseDto {
  @ApiProperty({ type: [PnlRowDto], description: 'Sorted by key; only days or symbols with events' })
  rows!: PnlRowDto[];
}

export class AccountEventDto {
  @ApiProperty({ enum: ['fill', 'liquidation', 'adl', 'funding_fee', 'conditional_trigger', 'margin_call'] })
  kind!: string;

  @ApiProperty({
    enum: ['tvbridge', 'outside', 'binance'],
    description: 'tvbridge: one of our signals; outside: an order not sent by tvbridge; binance: Binance itself',
  })
  origin!: string;

  @ApiPropertyOptional({ example: 'BTCUSDT' })
  symbol!: string | null;

  @ApiPropertyOptional({ enum: ['BUY', 'SELL'] })
  side!: string | null;

  @ApiPropertyOptional({ enum: ['BOTH', 'LONG', 'SHORT'] })
  position_side!: string | null;

  @ApiPropertyOptional({ description: 'Fill price, trigger price, or mark price of a margin call', example: '50000' })
  price!: string | null;

  @ApiPropertyOptional({ example: '0.01' })
  quantity!: string | null;

  @ApiPropertyOptional({ example: '3.2' })
  realized_pnl!: string | null;

  @ApiPropertyOptional({ example: '0.2' })
  commission!: string | null;

  @ApiPropertyOptional({ example: 'USDT' })
  commission_asset!: string | null;

  @ApiPropertyOptional({ description: "A funding fee (signed), or a margin call's cross wallet balance" })
  amount!: string | null;

  @ApiPropertyOptional({ example: 'USDT' })
  asset!: string | null;

  @ApiPropertyOptional({ description: 'Our client order id (or client algo id of a trigger)' })
  client_order_id!: string | null;

  @ApiPropertyOptional()
  order_id!: string | null;

  @ApiPropertyOptional()
  trade_id!: string | null;

  @ApiProperty({ description: "Binance's id of the event (unique per account)", example: 'fill:BTCUSDT:698759003' })
  event_key!: string;

  @ApiProperty({ enum: ['stream', 'backfill'], description: 'Recorded from the stream, or from history afterwards' })
  source!: string;

  @ApiPropertyOptional({ description: 'What else Binance said (order type, trigger status, margin figures)' })
  details!: unknown;

  @ApiProperty({ example: '2026-11-27T21:05:00.000Z' })
  occurred_at!: string;

  @ApiProperty({ example: '2026-11-27T21:05:00.012Z' })
  recorded_at!: string;
}
