/** The admin API's bot bodies: validated at the edge; the webhook secret is write-only. */
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';

export class CreateBotDto {
  @ApiProperty({ description: 'A name of your choice, unique', example: 'BTC trend' })
  @IsString({ message: 'name must be a text' })
  @MinLength(1, { message: 'name must be 1 to 64 characters' })
  @MaxLength(64, { message: 'name must be 1 to 64 characters' })
  name!: string;

  @ApiProperty({
    description: 'The bot\'s URL: POST /api/bots/{slug}/webhook (2 to 63 lower-case letters, digits and "-")',
    example: 'btc-trend',
  })
  @Matches(/^[a-z0-9][a-z0-9-]{1,62}$/, { message: 'slug must be 2 to 63 lower-case letters, digits and "-"' })
  slug!: string;

  // Messages never echo the value: the secret must not reach a log or an answer.
  @ApiProperty({
    description:
      'The secret alerts to this bot carry ("secret" in the message or ?token=); stored encrypted, never returned',
    writeOnly: true,
    example: 'a-long-random-text-only-tradingview-knows',
  })
  @IsString({ message: 'webhook_secret must be a text' })
  @MinLength(16, { message: 'webhook_secret must be 16 to 128 characters' })
  @MaxLength(128, { message: 'webhook_secret must be 16 to 128 characters' })
  webhook_secret!: string;

  @ApiPropertyOptional({ description: 'No order when already in the state the alert asks', default: false })
  @IsOptional()
  @IsBoolean({ message: 'state_aware must be true or false' })
  state_aware?: boolean;

  @ApiPropertyOptional({
    description:
      'Alert fields used when an alert leaves them out: leverage, margin_type, one sizing field, protection ' +
      "fields; the alert's own fields always win, within each account's limits",
    example: { leverage: 5, margin_type: 'ISOLATED', balance_percentage: 0.1 },
  })
  @IsOptional()
  @IsObject({ message: 'defaults must be an object of alert fields' })
  defaults?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'The ids of the accounts one alert trades', example: ['default'] })
  @IsOptional()
  @IsArray({ message: 'account_ids must be a list of account ids' })
  @ArrayMaxSize(200, { message: 'account_ids may list at most 200 accounts' })
  @IsString({ each: true, message: 'account_ids must be a list of account ids' })
  account_ids?: string[];

  @ApiPropertyOptional({ description: 'A disabled bot refuses its alerts (recorded, 423)', default: true })
  @IsOptional()
  @IsBoolean({ message: 'enabled must be true or false' })
  enabled?: boolean;
}

export class UpdateBotDto extends PartialType(CreateBotDto) {}
