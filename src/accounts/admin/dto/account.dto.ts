/** The admin API's account bodies: validated at the edge, secrets write-only. */
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import Decimal from 'decimal.js';
import { IsDecimalBetween, ToExactDecimal } from '../../../webhook/dto/decimal-validators';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';

export const ACCOUNT_MODES = ['paper', 'testnet', 'live'] as const;
export type AccountMode = (typeof ACCOUNT_MODES)[number];

export class CreateAccountDto {
  @ApiProperty({ description: 'A name of your choice, unique', example: 'Partner sub-account' })
  @IsString({ message: 'name must be a text' })
  @MinLength(1, { message: 'name must be 1 to 64 characters' })
  @MaxLength(64, { message: 'name must be 1 to 64 characters' })
  name!: string;

  @ApiProperty({ enum: ACCOUNT_MODES, description: 'paper (simulated), testnet or live (real money)' })
  @IsIn(ACCOUNT_MODES, { message: 'mode must be paper, testnet or live' })
  mode!: AccountMode;

  @ApiPropertyOptional({
    description: 'Binance API key (testnet and live only; shown masked)',
    example: 'vmPUZE6mv9SD5VNH',
  })
  // {"mode": "paper", "api_key": null} reaches the service, which says why a live account stays live.
  @ValidateIf((o: CreateAccountDto) => o.mode !== 'paper' || (o.api_key !== undefined && o.api_key !== null))
  @IsString({ message: 'api_key must be a text (required for testnet and live)' })
  @Matches(/^[A-Za-z0-9_-]{8,128}$/, { message: 'api_key must be 8 to 128 letters, digits, "-" or "_"' })
  api_key?: string;

  // Messages never echo the value: the secret must not reach a log or an answer.
  @ApiPropertyOptional({ description: 'Binance API secret (stored encrypted, never returned)', writeOnly: true })
  @ValidateIf((o: CreateAccountDto) => o.mode !== 'paper' || o.api_secret !== undefined)
  @IsString({ message: 'api_secret must be a text (required for testnet and live)' })
  @MinLength(8, { message: 'api_secret must be 8 to 128 characters' })
  @MaxLength(128, { message: 'api_secret must be 8 to 128 characters' })
  api_secret?: string;

  @ApiPropertyOptional({
    description: 'Every size this account trades is multiplied by this (0.0001 to 100)',
    example: '0.5',
    default: '1',
  })
  @IsOptional()
  @ToExactDecimal()
  @IsDecimalBetween('0.0001', '100')
  sizing_multiplier?: Decimal;

  @ApiPropertyOptional({ description: 'Highest leverage an alert may use on this account (1 to 125)', example: 10 })
  @IsOptional()
  @IsInt({ message: 'max_leverage must be a whole number from 1 to 125' })
  @Min(1, { message: 'max_leverage must be a whole number from 1 to 125' })
  @Max(125, { message: 'max_leverage must be a whole number from 1 to 125' })
  max_leverage?: number | null;

  @ApiPropertyOptional({
    description: 'Largest position value per symbol, in USDT, an entry may reach',
    example: '5000',
  })
  @IsOptional()
  @ToExactDecimal()
  @IsDecimalBetween('0', undefined)
  max_position_value_usdt?: Decimal | null;

  @ApiPropertyOptional({ description: 'Disabled accounts are left out of every bot', default: true })
  @IsOptional()
  @IsBoolean({ message: 'enabled must be true or false' })
  enabled?: boolean;
}

export class UpdateAccountDto extends PartialType(CreateAccountDto) {}

export class HaltDto {
  @ApiPropertyOptional({
    description: 'Why trading stops (shown in answers and the admin API)',
    example: 'Exchange incident',
  })
  @IsOptional()
  @IsString({ message: 'reason must be a text' })
  @MaxLength(200, { message: 'reason must be at most 200 characters' })
  reason?: string;
}
