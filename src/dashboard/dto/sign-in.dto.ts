/** The body of POST /api/admin/session: the admin token, typed once in the dashboard's sign-in form. */
import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class SignInDto {
  @ApiProperty({ description: 'ADMIN_TOKEN (or, in paper mode without it, the token kept in DATA_DIR/admin-token)' })
  @IsString({ message: 'token must be a string' })
  @MinLength(1, { message: 'token must not be empty' })
  @MaxLength(512, { message: 'token must be at most 512 characters' })
  token!: string;
}
