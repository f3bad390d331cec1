/** CSV of executed orders: RFC 4180 quoting, decimals as exact strings. */
export const CSV_COLUMNS = [
  'created_at',
  'signal_id',
  'client_order_id',
  'exchange_order_id',
  'symbol',
  'purpose',
  'side',
  'position_side',
  'quantity',
  'executed_qty',
  'avg_price',
  'cum_quote',
  'status',
] as const;

// Cells are strings already: a Decimal's own toString() may switch to exponent
// notation (1e-7), so callers format money with toFixed() before it gets here.
export function csvCell(value: string | null | undefined): string {
  const textValue = value ?? '';
  return /[",\r\n]/.test(textValue) ? `"${textValue.replace(/"/g, '""')}"` : textValue;
}

export function csvLine(values: Array<string | null | undefined>): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
