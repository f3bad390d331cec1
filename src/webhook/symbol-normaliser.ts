/**
 * Turns what TradingView sends as a symbol into a Binance USDⓈ-M perpetual:
 * `btc`, `BTCUSDT.P`, `BINANCE:ETHUSDT.P`, `BTCUSDTPERP`, `BTC/USDT`, and the
 * doubled quote `BTCUSDTUSDT` that the `{{ticker}}USDT` template produces on a
 * BTCUSDT chart. Pure: the tradable symbols are passed in.
 */
const QUOTES = ['USDT', 'USDC'];

export function canonicalSymbol(raw: string): string {
  let symbol = raw.trim().toUpperCase();
  if (symbol.includes(':')) symbol = symbol.slice(symbol.lastIndexOf(':') + 1);
  symbol = symbol.replace(/[\s/-]/g, '');
  symbol = symbol.replace(/(\.PERP|\.P|PERP)(USDT|USDC)?$/, '$2');
  for (const quote of QUOTES) {
    while (symbol.endsWith(quote + quote)) symbol = symbol.slice(0, -quote.length);
  }
  if (symbol && !QUOTES.some((quote) => symbol.endsWith(quote) && symbol.length > quote.length)) symbol += 'USDT';
  return symbol;
}

export type NormalisedSymbol = { ok: true; symbol: string } | { ok: false; candidate: string; suggestions: string[] };

export function normaliseSymbol(raw: string, tradable: readonly string[]): NormalisedSymbol {
  const candidate = canonicalSymbol(raw);
  if (tradable.includes(candidate)) return { ok: true, symbol: candidate };
  return { ok: false, candidate, suggestions: closestSymbols(candidate, tradable) };
}

/** Up to three tradable symbols nearest to `candidate`: same base asset first, then by edit distance. */
export function closestSymbols(candidate: string, tradable: readonly string[], limit = 3): string[] {
  const base = candidate.replace(/(USDT|USDC)$/, '');
  return [...tradable]
    .map((symbol) => {
      const otherBase = symbol.replace(/(USDT|USDC)$/, '');
      const related = base.length >= 2 && (otherBase.includes(base) || base.includes(otherBase));
      return { symbol, score: editDistance(candidate, symbol) - (related ? 100 : 0) };
    })
    .sort((a, b) => a.score - b.score || a.symbol.localeCompare(b.symbol))
    .slice(0, limit)
    .map((s) => s.symbol);
}

export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}
