/** The webhook's answer shapes (the seed's), for the OpenAPI document. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class TradeDto {
  @ApiProperty({ example: 'BTCUSDT' }) symbol!: string;
  @ApiProperty({ example: 'buy', enum: ['buy', 'sell'] }) action!: string;
  @ApiProperty({ example: 0.025 }) quantity!: number;
  @ApiProperty({ example: 10 }) leverage!: number;
  @ApiProperty({ example: 'ISOLATED' }) margin_type!: string;
  @ApiPropertyOptional({ example: 50000, nullable: true }) entry_price!: number | null;
  @ApiProperty({ example: 50123.45 }) current_price!: number;
  @ApiProperty({ example: 'exchange', enum: ['exchange', 'binance-public', 'signal-entry', 'paper-last'] }) price_source!: string;
  @ApiProperty({ example: 123456789 }) main_order_id!: number;
  @ApiProperty({ example: 'tvb_mwyqiswf1df9ca528dc8_op' }) client_order_id!: string;
  @ApiProperty({ example: 'FILLED' }) order_status!: string;
  @ApiProperty({ example: 'Closed short position of 0.1' }) opposite_position_closed!: string;
  @ApiProperty({ example: 'auto_quantity' }) mode!: string;
  @ApiProperty({ example: 'Quantity auto-calculated based on account balance percentage' }) note!: string;
  @ApiPropertyOptional({ example: 'Quantity capped at the symbol maximum of 120' }) quantity_capped?: string;
  @ApiPropertyOptional({
    description:
      "A reversal cancels the symbol's conditional orders (stop loss, take profit, trailing stop): " +
      'their algo ids (strings beyond 15 digits)',
    example: ['1000000022700001'],
    type: [String],
  })
  cancelled_algo_orders?: Array<number | string>;
}

class CalculationDetailsDto {
  @ApiProperty({ example: 1000 }) account_balance_usdt!: number;
  @ApiProperty({ example: 0.25 }) balance_percentage!: number;
  @ApiProperty({ example: 10 }) leverage!: number;
  @ApiProperty({ example: 2500 }) position_value_usdt!: number;
  @ApiProperty({ example: 50123.45 }) current_price!: number;
  @ApiProperty({ example: 0.049 }) quantity!: number;
  @ApiProperty({ example: 0.049876854 }) raw_quantity!: number;
  @ApiProperty({ example: 0.001 }) step_size!: number;
  @ApiProperty({ example: 0.001 }) min_qty!: number;
  @ApiProperty({ example: 120 }) max_qty!: number;
  @ApiProperty({ example: 100 }) min_notional!: number;
  @ApiProperty({ example: 2456.05 }) notional_usdt!: number;
  @ApiProperty({ example: 'wallet' }) balance_source!: string;
  @ApiProperty({ example: 'exchange' }) price_source!: string;
}

export class TradeResponseDto {
  @ApiProperty({ example: true }) success!: boolean;
  @ApiProperty({ description: 'The recorded signal (GET /api/admin/signals/{id})', example: 'mwyqiswf1df9ca528dc8' }) id!: string;
  @ApiProperty({ example: 'Advanced trading order executed: buy 0.049 BTCUSDT' }) message!: string;
  @ApiProperty({ type: TradeDto }) trade!: TradeDto;
  @ApiProperty({ type: CalculationDetailsDto }) calculation_details!: CalculationDetailsDto;
  @ApiProperty({ example: '2025-10-03T10:30:45.123Z' }) timestamp!: string;
}

class ClosedPositionDto {
  @ApiProperty({ example: 0.025 }) quantity!: number;
  @ApiProperty({ example: 123456789 }) order_id!: number;
  @ApiProperty({ example: 'SELL' }) side!: string;
  @ApiProperty({ example: 'long', enum: ['long', 'short'] }) position_type!: string;
}

export class CloseResponseDto {
  @ApiProperty({ example: true }) success!: boolean;
  @ApiProperty({ example: 'mwyqit3z1758d71b9f25' }) id!: string;
  @ApiProperty({ example: 'All positions closed for BTCUSDT' }) message!: string;
  @ApiProperty({ example: 'BTCUSDT' }) symbol!: string;
  @ApiProperty({ example: 'close' }) action!: string;
  @ApiProperty({ type: [ClosedPositionDto] }) closed_positions!: ClosedPositionDto[];
  @ApiProperty({ example: [987654321], type: [Number] }) cancelled_orders!: number[];
  @ApiProperty({
    description:
      'Conditional orders (stop loss, take profit, trailing stop) cancelled: their algo ids (strings beyond 15 digits)',
    example: ['1000000022700001'],
    type: [String],
  })
  cancelled_algo_orders!: Array<number | string>;
  @ApiProperty({ example: '2025-10-03T10:30:45.123Z' }) timestamp!: string;
}

export class ErrorResponseDto {
  @ApiProperty({ example: false }) success!: boolean;
  @ApiPropertyOptional({ example: 'mwyqit634afa6a059c06' }) id?: string;
  @ApiProperty({ example: 'Binance API error (Code -2019): Margin is insufficient.' }) error!: string;
  @ApiProperty({ example: ['Reduce balance_percentage or leverage', 'Add funds to your futures wallet'], type: [String] }) suggestions!: string[];
  @ApiProperty({ description: 'The message as received (secrets removed)', example: { symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.9, leverage: 50 } }) webhook_data!: object;
}
