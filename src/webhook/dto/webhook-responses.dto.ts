/** The webhook's documented answer shapes, for the OpenAPI document. */
import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';

/** Where the signal traded: on every webhook answer. */
export class ExchangeVenueDto {
  @ApiProperty({ enum: ['paper', 'testnet', 'live'], example: 'live', description: 'paper: simulated, no real order' })
  mode!: string;

  @ApiProperty({ example: 'fapi.binance.com', nullable: true, type: String, description: 'null in paper mode' })
  host!: string | null;
}

const EXCHANGE: ApiPropertyOptions = {
  type: ExchangeVenueDto,
  description: 'Where the signal traded: paper, testnet or live, and the exchange host',
};
const IGNORED: ApiPropertyOptions = {
  type: [String],
  example: ['comment'],
  description: 'Fields of the alert that were kept in the record but not used (only when there are some)',
};

class TradeDto {
  @ApiProperty({ example: 'BTCUSDT' }) symbol!: string;
  @ApiProperty({ example: 'buy', enum: ['buy', 'sell'] }) action!: string;
  @ApiProperty({ example: 0.025 }) quantity!: number;
  @ApiProperty({ example: 10 }) leverage!: number;
  @ApiProperty({ example: 'ISOLATED' }) margin_type!: string;
  @ApiPropertyOptional({ example: 50000, nullable: true }) entry_price!: number | null;
  @ApiProperty({ example: 50123.45 }) current_price!: number;
  @ApiProperty({
    example: 'exchange',
    enum: ['exchange', 'mark-price', 'binance-public', 'signal-entry', 'paper-last'],
  })
  price_source!: string;
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
  @ApiPropertyOptional({
    example: 'Position value lowered to 9950.24 USDT so that margin plus the opening fee fit the available balance',
  })
  fee_capped?: string;
}

class CalculationDetailsDto {
  @ApiProperty({ example: 1000 }) account_balance_usdt!: number;
  @ApiProperty({ example: 'balance_percentage', enum: ['balance_percentage', 'quantity', 'usdt', 'risk_percentage'] })
  sizing_mode!: string;
  @ApiPropertyOptional({ example: 0.01, description: 'The quantity, usdt or risk_percentage as sent (not balance)' })
  sizing_value?: number;
  @ApiPropertyOptional({ example: 49000, description: 'risk_percentage: the stop price the risk is measured to' })
  stop_price?: number;
  @ApiPropertyOptional({ example: false, description: 'risk_percentage: true when the leverage capped the size' })
  risk_capped_by_leverage?: boolean;
  @ApiProperty({ example: 0.25, nullable: true, type: Number }) balance_percentage!: number | null;
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
  @ApiPropertyOptional({
    example: 50000,
    description: "The position value Binance's leverage bracket allows at this leverage, less what the side holds",
  })
  max_notional_usdt?: number;
  @ApiProperty({ example: 'wallet' }) balance_source!: string;
  @ApiProperty({ example: 'exchange' }) price_source!: string;
  @ApiProperty({ example: 1000, description: 'What margin plus fee had to fit: available, plus what a reversal frees' })
  available_balance_usdt!: number;
  @ApiProperty({ example: 0.0005, description: "Taker fee rate sizing leaves room for (Binance's default 0.05%)" })
  taker_fee_rate!: number;
  @ApiProperty({ example: 1.228025, description: 'Estimated fee of the opening order: notional × taker_fee_rate' })
  opening_fee_usdt!: number;
  @ApiProperty({ example: false, description: 'True when the position was lowered so that margin plus fee fit' })
  fee_capped!: boolean;
}

class ProtectiveOrderDto {
  @ApiProperty({ example: 'stop_loss', enum: ['stop_loss', 'take_profit', 'trailing_stop'] }) kind!: string;
  @ApiPropertyOptional({ example: 1, description: 'Take profits: the level, 1 to 5' }) level?: number;
  @ApiProperty({
    example: 'STOP_MARKET',
    enum: ['STOP_MARKET', 'TAKE_PROFIT_MARKET', 'TRAILING_STOP_MARKET'],
  })
  type!: string;
  @ApiProperty({
    example: 'NEW',
    description: 'NEW (waiting on Binance), FAILED (refused), UNKNOWN (answer lost), TRIGGERED, FINISHED, CANCELED',
  })
  status!: string;
  @ApiProperty({ example: '1000000022700001', nullable: true, type: String, description: 'Binance algo id' })
  algo_id!: string | null;
  @ApiProperty({ example: 'tvb_mwyqiswf1df9ca528dc8_sl', description: 'tvb_<signal id>_sl, _tp1…_tp5, _ts' })
  client_algo_id!: string;
  @ApiPropertyOptional({ example: 49000, description: 'On the tick; absent for a trailing stop' })
  trigger_price?: number;
  @ApiPropertyOptional({ example: 49000.04, description: 'The price asked, when rounding to the tick changed it' })
  asked_price?: number;
  @ApiPropertyOptional({ example: true }) rounded_to_tick?: boolean;
  @ApiProperty({
    example: 'whole position',
    oneOf: [{ type: 'number' }, { type: 'string', enum: ['whole position'] }],
    description: 'The stop loss closes the whole position (closePosition); targets and trailing stop carry a quantity',
  })
  quantity!: number | string;
  @ApiPropertyOptional({ example: 1, description: 'Trailing stop: percent' }) callback_rate?: number;
  @ApiPropertyOptional({ example: 51000, description: 'Trailing stop: where it starts trailing' })
  activation_price?: number;
  @ApiPropertyOptional({ example: 'moved to the entry price plus fees after the first take profit' })
  break_even?: string;
  @ApiProperty({ example: 'MARK_PRICE', enum: ['MARK_PRICE', 'CONTRACT_PRICE'] }) working_type!: string;
  @ApiPropertyOptional({ description: 'Why Binance refused it' }) error?: string;
  @ApiPropertyOptional({ description: 'Retries, a lost answer found by id, a replaced order' }) note?: string;
}

class ProtectionFailureDto {
  @ApiProperty({ example: 'close', enum: ['close', 'keep'], description: 'PROTECTION_FAILURE' }) action!: string;
  @ApiProperty({ example: true, description: 'True when the position is flat again' }) position_closed!: boolean;
  @ApiProperty({
    example:
      'The long BTCUSDT entry filled but its protection could not be placed (…): the position was closed ' +
      '(PROTECTION_FAILURE=close)',
  })
  message!: string;
}

const PROTECTION: ApiPropertyOptions = {
  type: [ProtectiveOrderDto],
  description: 'The stop loss, take profits and trailing stop placed on Binance right after the entry filled',
};
const REPLACED: ApiPropertyOptions = {
  type: [String],
  example: ['1000000022700001'],
  description: "The side's earlier protection this entry's replaced (a position add): algo ids",
};
const PROTECTION_FAILURE: ApiPropertyOptions = {
  type: ProtectionFailureDto,
  description: 'Present when protection could not be placed after the fill: what PROTECTION_FAILURE did',
};

export class TradeResponseDto {
  @ApiProperty({ example: true }) success!: boolean;
  @ApiProperty({ description: 'The recorded signal (GET /api/admin/signals/{id})', example: 'mwyqiswf1df9ca528dc8' })
  id!: string;
  @ApiProperty({ example: 'Advanced trading order executed: buy 0.049 BTCUSDT' }) message!: string;
  @ApiProperty({ type: TradeDto }) trade!: TradeDto;
  @ApiProperty({ type: CalculationDetailsDto }) calculation_details!: CalculationDetailsDto;
  @ApiPropertyOptional(PROTECTION) protection?: ProtectiveOrderDto[];
  @ApiPropertyOptional(REPLACED) replaced_protection?: string[];
  @ApiProperty(EXCHANGE) exchange!: ExchangeVenueDto;
  @ApiPropertyOptional(IGNORED) ignored_fields?: string[];
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
  @ApiProperty(EXCHANGE) exchange!: ExchangeVenueDto;
  @ApiPropertyOptional(IGNORED) ignored_fields?: string[];
  @ApiProperty({ example: '2025-10-03T10:30:45.123Z' }) timestamp!: string;
}

class PartialPositionDto {
  @ApiProperty({ example: 'long', enum: ['long', 'short'] }) position_type!: string;
  @ApiProperty({ example: 1 }) held!: number;
  @ApiProperty({ example: 0.5 }) closed!: number;
  @ApiProperty({ example: 0.5 }) remaining!: number;
  @ApiPropertyOptional({
    example:
      'closing 30% would leave 0.007 ETH, worth 17.5 USDT, under the minimum order of 0.001 ETH / 20 USDT on ' +
      'ETHUSDT: closed it all instead',
  })
  closed_all_because?: string;
}

class ResizedAlgoOrderDto {
  @ApiProperty({ example: '1000000022700001' }) algo_id!: string;
  @ApiProperty({ example: 'STOP_MARKET' }) type!: string;
  @ApiProperty({ example: 1 }) from_quantity!: number;
  @ApiProperty({ example: 0.5 }) to_quantity!: number;
  @ApiProperty({ example: '1000000022700002' }) new_algo_id!: string;
}

const RESIZED: ApiPropertyOptions = {
  type: [ResizedAlgoOrderDto],
  description:
    'Quantity-based protection orders of the reduced side, re-placed for what remains (closePosition ones stay)',
};

export class PartialCloseResponseDto extends CloseResponseDto {
  @ApiProperty({ example: '50%', description: 'close_percentage or close_quantity as asked' }) close_requested!: string;
  @ApiProperty({ example: false, description: 'True when the whole position was closed (100%, or the rest was dust)' })
  closed_all!: boolean;
  @ApiProperty({ type: [PartialPositionDto] }) positions!: PartialPositionDto[];
  @ApiPropertyOptional(RESIZED) resized_algo_orders?: ResizedAlgoOrderDto[];
  @ApiPropertyOptional({ description: 'Why more than asked was closed, or a resize that failed' }) note?: string;
}

class TargetOrderDto {
  @ApiProperty({
    example: 'reduce_long',
    enum: ['open', 'reversal', 'close_long', 'close_short', 'reduce_long', 'reduce_short'],
  })
  purpose!: string;
  @ApiProperty({ example: 'SELL' }) side!: string;
  @ApiProperty({ example: 'BOTH' }) position_side!: string;
  @ApiProperty({ example: 0.2 }) quantity!: number;
  @ApiProperty({ example: true }) reduce_only!: boolean;
  @ApiProperty({ example: 'tvb_mwzc1r7d2c3d4e5f6a7b_rl' }) client_order_id!: string;
  @ApiPropertyOptional({ example: 8389765004 }) order_id?: number;
  @ApiPropertyOptional({ example: 'FILLED' }) order_status?: string;
  @ApiPropertyOptional({ example: 0.2 }) executed_quantity?: number;
  @ApiPropertyOptional({ example: 2500 }) average_price?: number;
  @ApiPropertyOptional({ description: 'Why this order failed' }) error?: string;
}

export class TargetResponseDto {
  @ApiProperty({ example: true }) success!: boolean;
  @ApiProperty({ example: 'mwzc1r7d2c3d4e5f6a7b' }) id!: string;
  @ApiProperty({ example: 'Target position reached on ETHUSDT: long 0.1 ETH (was long 0.3 ETH)' }) message!: string;
  @ApiPropertyOptional({ example: true, description: 'Already at the target: no order' }) skipped?: boolean;
  @ApiProperty({ example: 'ETHUSDT' }) symbol!: string;
  @ApiProperty({ example: 'target' }) action!: string;
  @ApiProperty({ example: 'long', enum: ['long', 'short', 'flat'] }) market_position!: string;
  @ApiPropertyOptional({ example: 0.1, description: 'As sent (absent when sized from balance_percentage)' })
  market_position_size?: number;
  @ApiProperty({ example: 0.1, description: 'The target after rounding down to the step' }) target_quantity!: number;
  @ApiPropertyOptional({ example: 'long' }) prev_market_position?: string;
  @ApiProperty({ example: 'long 0.3 ETH' }) position_before!: string;
  @ApiProperty({ type: [TargetOrderDto], description: 'Only the orders that bring the account to the target' })
  orders!: TargetOrderDto[];
  @ApiPropertyOptional({ example: ['1000000022700001'], type: [String] }) cancelled_algo_orders?: Array<
    number | string
  >;
  @ApiPropertyOptional(RESIZED) resized_algo_orders?: ResizedAlgoOrderDto[];
  @ApiPropertyOptional({ ...PROTECTION, description: 'Placed when the target opens or adds to a position' })
  protection?: ProtectiveOrderDto[];
  @ApiPropertyOptional(REPLACED) replaced_protection?: string[];
  @ApiPropertyOptional({ type: CalculationDetailsDto, description: 'When sized from balance_percentage and leverage' })
  calculation_details?: CalculationDetailsDto;
  @ApiPropertyOptional({ example: 'From long 0.3 ETH to long 0.1 ETH on ETHUSDT' }) note?: string;
  @ApiProperty(EXCHANGE) exchange!: ExchangeVenueDto;
  @ApiPropertyOptional(IGNORED) ignored_fields?: string[];
  @ApiProperty({ example: '2025-10-03T10:30:45.123Z' }) timestamp!: string;
}

export class SkippedOrDuplicateResponseDto {
  @ApiProperty({ example: true }) success!: boolean;
  @ApiProperty({ example: 'mwyqit3z1758d71b9f25' }) id!: string;
  @ApiPropertyOptional({ example: true, description: 'State-aware route: already in the asked state, no order placed' })
  skipped?: boolean;
  @ApiPropertyOptional({ example: true, description: 'A retry of an earlier signal (same id and message)' })
  duplicate?: boolean;
  @ApiPropertyOptional({ example: 'mwyqiswf1df9ca528dc8', description: 'The signal this one repeated' })
  original_id?: string;
  @ApiProperty({ example: 'No order needed: Already long 0.05 BTCUSDT: nothing to do' }) message!: string;
  @ApiProperty(EXCHANGE) exchange!: ExchangeVenueDto;
  @ApiPropertyOptional(IGNORED) ignored_fields?: string[];
  @ApiProperty({ example: '2025-10-03T10:30:45.123Z' }) timestamp!: string;
}

export class ErrorResponseDto {
  @ApiProperty({ example: false }) success!: boolean;
  @ApiPropertyOptional({ example: 'mwyqit634afa6a059c06' }) id?: string;
  @ApiProperty({ example: 'Binance API error (Code -2019): Margin is insufficient.' }) error!: string;
  @ApiProperty({
    example: ['Reduce balance_percentage or leverage', 'Add funds to your futures wallet'],
    type: [String],
  })
  suggestions!: string[];
  @ApiProperty({
    description: 'The message as received (secrets removed)',
    example: { symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.9, leverage: 50 },
  })
  webhook_data!: object;
  @ApiPropertyOptional({ ...PROTECTION, description: 'The protection that was placed before it failed' })
  protection?: ProtectiveOrderDto[];
  @ApiPropertyOptional(PROTECTION_FAILURE) protection_failure?: ProtectionFailureDto;
  @ApiProperty(EXCHANGE) exchange!: ExchangeVenueDto;
  @ApiPropertyOptional(IGNORED) ignored_fields?: string[];
  @ApiPropertyOptional({ example: '2025-10-03T10:30:45.123Z' }) timestamp?: string;
}
