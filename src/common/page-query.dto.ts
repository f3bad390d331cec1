/**
 * The cursor pagination every admin list takes (`limit`, `cursor`), validated the same everywhere; `nextCursorField`
 * names the answer's field that carries the next page's cursor, for the API documentation.
 */
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export function CursorPageQuery(nextCursorField: string) {
  class CursorPageQueryDto {
    @ApiPropertyOptional({ description: 'Page size, 1–200', default: 50 })
    @IsOptional()
    @Type(() => Number)
    @IsInt({ message: 'must be an integer from 1 to 200' })
    @Min(1, { message: 'must be an integer from 1 to 200' })
    @Max(200, { message: 'must be an integer from 1 to 200' })
    limit?: number;

    @ApiPropertyOptional({ description: `${nextCursorField} of the previous page` })
    @IsOptional()
    @IsString()
    @MaxLength(200)
    cursor?: string;
  }
  return CursorPageQueryDto;
}
