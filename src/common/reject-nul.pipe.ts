/**
 * Postgres cannot store or compare text holding the NUL character: a query
 * with one fails deep in the driver (a 500). Admin parameters holding NUL are
 * refused here instead, with a 400 that names the parameter, and logged.
 */
import { ArgumentMetadata, BadRequestException, Logger, PipeTransform } from '@nestjs/common';

const logger = new Logger('Input');
const NUL = String.fromCharCode(0);

function nulPath(value: unknown, depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes(NUL) ? '' : undefined;
  if (depth > 8 || value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (key.includes(NUL)) return key.split(NUL).join('\\0');
    const inner = nulPath(item, depth + 1);
    if (inner !== undefined) return inner ? `${key}.${inner}` : key;
  }
  return undefined;
}

export class RejectNulPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (!['query', 'param', 'body'].includes(metadata.type)) return value;
    const found = nulPath(value);
    if (found === undefined) return value;
    const name = [metadata.data, found].filter(Boolean).join('.') || metadata.type;
    const kind =
      metadata.type === 'param' ? 'path parameter' : metadata.type === 'query' ? 'query parameter' : 'body field';
    logger.warn(`refused a request: ${kind} "${name}" contains a NUL character`);
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      parameter: name,
      message: `Invalid ${kind} "${name}": contains a NUL character`,
    });
  }
}

export const rejectNul = new RejectNulPipe();
