/**
 * class-transformer / class-validator helpers for TradingView's loose
 * numbers: a JSON number or a string holding a plain decimal ("0.25",
 * placeholders arrive as strings) becomes an exact Decimal; anything else is
 * left as it came so the validator can name it.
 */
import { Transform } from 'class-transformer';
import { ValidateBy, ValidationOptions } from 'class-validator';
import Decimal from 'decimal.js';

const PLAIN_DECIMAL = /^[+]?\d{1,18}(\.\d{1,18})?$/;
const PLAIN_INTEGER = /^[+]?\d{1,6}$/;

function asText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string') return value.trim();
  return undefined;
}

/** A JSON number or a numeric string as an exact Decimal; undefined for anything else. */
export function exactDecimal(value: unknown): Decimal | undefined {
  const text = asText(value);
  return text !== undefined && PLAIN_DECIMAL.test(text) ? new Decimal(text) : undefined;
}

/** `percentSign`: a trailing "%" is allowed and dropped ("50%" is 50), for fields counted in percent. */
export function ToExactDecimal(options: { percentSign?: boolean } = {}): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => {
    const raw = asText(value);
    const text = options.percentSign ? raw?.replace(/\s*%$/, '') : raw;
    return text !== undefined && PLAIN_DECIMAL.test(text) ? new Decimal(text) : value;
  });
}

/**
 * `balance_percentage` as TradingView users write it: a fraction (0.25, "0.25")
 * or a percentage with its sign ("25%" is 0.25). A bare number is never read as
 * a percentage: 25 is refused by IsBalanceFraction with the fraction to use.
 */
export function ToBalanceFraction(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => {
    const text = asText(value);
    if (text === undefined) return value;
    const percent = /^(.*?)\s*%$/.exec(text);
    // Over 100% stays text, so the refusal quotes it rather than a fraction the trader never wrote.
    if (percent) {
      const share = PLAIN_DECIMAL.test(percent[1]) ? new Decimal(percent[1]) : undefined;
      return share?.lte(100) ? share.div(100) : value;
    }
    return PLAIN_DECIMAL.test(text) ? new Decimal(text) : value;
  });
}

/** 0.01–1 (1%–100%); above 1 the message says the fraction the trader probably meant. */
export function IsBalanceFraction(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isBalanceFraction',
      validator: {
        validate: (value: unknown) => value instanceof Decimal && value.gte('0.01') && value.lte(1),
        defaultMessage: (args) => {
          const value: unknown = args?.value;
          if (value instanceof Decimal && value.gt(1) && value.lte(100)) {
            const [asked, share] = [value.toString(), value.mul(100).toString()];
            return (
              'balance_percentage is a fraction of the balance from 0.01 to 1.0 ' +
              `(got ${asked}, which would be ${share}%): ` +
              `for ${asked}% use ${value.div(100).toString()} or "${asked}%"`
            );
          }
          return `balance_percentage must be a number from 0.01 to 1.0 (got ${describe(value)})`;
        },
      },
    },
    options,
  );
}

export function ToExactInteger(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => {
    const text = asText(value);
    return text !== undefined && PLAIN_INTEGER.test(text) ? Number(text) : value;
  });
}

export function IsDecimalBetween(min: string, max: string | undefined, options?: ValidationOptions): PropertyDecorator {
  const range = max === undefined ? `greater than ${min}` : `from ${min} to ${max}`;
  return ValidateBy(
    {
      name: 'isDecimalBetween',
      validator: {
        validate: (value: unknown) =>
          value instanceof Decimal && (max === undefined ? value.gt(min) : value.gte(min) && value.lte(max)),
        defaultMessage: (args) => `${args?.property} must be a number ${range} (got ${describe(args?.value)})`,
      },
    },
    options,
  );
}

/** A percentage: at most 100 (the lower bound is IsDecimalBetween's). */
export function Max100(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'max100',
      validator: {
        validate: (value: unknown) => !(value instanceof Decimal) || value.lte(100),
        defaultMessage: (args) =>
          `${args?.property} must be a percentage above 0 and at most 100 (got ${describe(args?.value)})`,
      },
    },
    options,
  );
}

export function IsIntegerBetween(min: number, max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIntegerBetween',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max,
        defaultMessage: (args) =>
          `${args?.property} must be an integer from ${min} to ${max} (got ${describe(args?.value)})`,
      },
    },
    options,
  );
}

export function describe(value: unknown): string {
  if (value instanceof Decimal) return value.toString();
  if (value === undefined) return 'nothing';
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? typeof value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
