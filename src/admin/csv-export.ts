/** CSV of executed orders: RFC 4180 quoting, decimals as exact strings. */
export const CSV_COLUMNS = ['created_at', 'signal_id', 'client_order_id', 'exchange_order_id', 'symbol', 'purpose', 'side', 'position_side', 'quantity', 'executed_qty', 'avg_price', 'cum_quote', 'status'] as const;

export function csvCell(value: unknown): string {
  const textValue = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(textValue) ? `"${textValue.replace(/"/g, '""')}"` : textValue;
}

export function csvLine(values: unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
