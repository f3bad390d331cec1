/** Adds up the time a signal spends waiting on the exchange (recorded as exchangeMs). */
export class ExchangeClock {
  private total = 0;

  async time<T>(work: Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work;
    } finally {
      this.total += performance.now() - started;
    }
  }

  get elapsed(): number {
    return Math.round(this.total);
  }
}
