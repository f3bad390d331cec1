/**
 * The time TradingView stamps on an alert ({{timenow}}: ISO 8601, or epoch seconds or milliseconds),
 * read as epoch milliseconds (pure). The webhook refuses a stale alert by it; notifications show its age.
 */
export function parseAlertTime(value: unknown): number | undefined {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : undefined;
  let ms: number | undefined;
  if (text && /^\d{9,13}$/.test(text)) ms = text.length <= 10 ? Number(text) * 1000 : Number(text);
  else if (text && /^\d{4}-\d{2}-\d{2}T/.test(text)) ms = Date.parse(text);
  return ms === undefined || !Number.isFinite(ms) ? undefined : ms;
}
