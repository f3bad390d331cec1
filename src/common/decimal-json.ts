/**
 * Decimal → JSON number for API answers (the documented response shapes use
 * numbers). A decimal with more significant digits than a double keeps
 * exactly is sent as a string instead, so no answer ever shows a rounded
 * amount. Records in Postgres keep the exact decimals either way.
 */
import Decimal from 'decimal.js';

export function jsonNumber(value: Decimal | undefined | null): number | string | null {
  if (value === undefined || value === null) return null;
  return value.precision(true) <= 15 ? Number(value.toString()) : value.toString();
}
