import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class SaveCredentialsDto {
  @ApiProperty({
    description: 'Binance API key (futures trading enabled, withdrawals disabled)',
    example: 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A',
  })
  @IsString({ message: 'api_key must be a text' })
  @MinLength(8, { message: 'api_key must be 8 to 128 letters and digits' })
  @MaxLength(128, { message: 'api_key must be 8 to 128 letters and digits' })
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'api_key must be 8 to 128 letters and digits' })
  api_key!: string;

  // Messages never echo the value: the secret must not reach a log or an answer.
  @ApiProperty({
    description: 'Binance API secret (stored encrypted, never returned)',
    example: 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j',
  })
  @IsString({ message: 'api_secret must be a text' })
  @MinLength(8, { message: 'api_secret must be 8 to 128 characters' })
  @MaxLength(128, { message: 'api_secret must be 8 to 128 characters' })
  api_secret!: string;

  @ApiProperty({ enum: ['testnet', 'live'], description: "Binance's futures testnet, or the live exchange" })
  @IsIn(['testnet', 'live'], { message: 'mode must be testnet or live' })
  mode!: 'testnet' | 'live';
}
