/** CSV of executed orders: RFC 4180 quoting, decimals as exact strings; each row says its account and mode. */
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
  // Whose fill and where: order ids repeat across accounts, and paper fills are not real ones.
  'account_id',
  'mode',
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
