/**
 * A symbol-keyed set of orders (regular open orders, or waiting conditional
 * orders) fed by stream events and REST lists, each change ordered by the
 * exchange's time: a late event never brings back an order a newer one ended,
 * and a list read before an order was placed never removes it.
 */
const TOMBSTONE_KEEP_MS = 10 * 60_000;
const PRUNE_FROM = 256;

interface Entry<T> {
  /** undefined: the order is gone (filled, cancelled, expired…). */
  order?: T;
  time: number;
}

interface SymbolBook<T> {
  entries: Map<string, Entry<T>>;
  /** When its last full list was read (events older than it are ignored). */
  listedAt: number;
  pruneAt: number;
}

export class TimedOrderBook<T> {
  private readonly books = new Map<string, SymbolBook<T>>();
  private newest = 0;

  /** An order's new state (undefined: gone) at `time`; answers whether it was applied. */
  applyEvent(id: string, symbol: string, order: T | undefined, time: number): boolean {
    const book = this.book(symbol);
    const held = book.entries.get(id);
    if (held && time < held.time) return false;
    if (!held && time < book.listedAt) return false;
    book.entries.set(id, { order, time });
    this.newest = Math.max(this.newest, time);
    this.prune(book);
    return true;
  }

  /** The complete list of a symbol's orders as read at `asOf` (sent, erring early). */
  applyList(symbol: string, orders: Array<{ id: string; order: T }>, asOf: number): void {
    const book = this.book(symbol);
    const listed = new Set(orders.map((o) => o.id));
    for (const [id, entry] of book.entries) {
      if (listed.has(id) || entry.time > asOf) continue;
      book.entries.set(id, { order: undefined, time: asOf });
    }
    for (const { id, order } of orders) {
      const held = book.entries.get(id);
      if (held && held.time > asOf) continue;
      book.entries.set(id, { order, time: asOf });
    }
    book.listedAt = Math.max(asOf, book.listedAt);
  }

  /** Every symbol's open orders. */
  allOpen(): Array<{ symbol: string; order: T }> {
    const orders: Array<{ symbol: string; order: T }> = [];
    for (const [symbol, book] of this.books) {
      for (const entry of book.entries.values()) if (entry.order) orders.push({ symbol, order: entry.order });
    }
    return orders;
  }

  open(symbol: string): T[] {
    const orders: T[] = [];
    for (const entry of this.books.get(symbol)?.entries.values() ?? []) if (entry.order) orders.push(entry.order);
    return orders;
  }

  private book(symbol: string): SymbolBook<T> {
    let book = this.books.get(symbol);
    if (!book) this.books.set(symbol, (book = { entries: new Map(), listedAt: -Infinity, pruneAt: PRUNE_FROM }));
    return book;
  }

  /** Forgets ended orders long past: no event arrives that late on a live connection. */
  private prune(book: SymbolBook<T>): void {
    if (book.entries.size < book.pruneAt) return;
    for (const [id, entry] of book.entries) {
      if (!entry.order && entry.time < this.newest - TOMBSTONE_KEEP_MS) book.entries.delete(id);
    }
    book.pruneAt = Math.max(PRUNE_FROM, book.entries.size * 2);
  }
}
