/**
 * The order in which the simulation executes the items of one batchOrders
 * request. Binance processes a batch's orders concurrently and does not
 * guarantee their order ("the batch orders are processed concurrently, and the
 * order of matching is not guaranteed": POST /fapi/v1/batchOrders,
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/rest-api/Place-Multiple-Orders),
 * so by default the order is random; tests can seed it or force one.
 */
export type BatchOrderMode = 'random' | 'as-sent' | 'reverse';

export interface BatchOrderSetting {
  mode: BatchOrderMode;
  /** Seed of the random order (mode random); a fresh one per engine when absent. */
  seed?: number;
}

/** mulberry32: a small, well-known seedable generator (only the shuffle's fairness matters here). */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class BatchExecutionOrder {
  private setting: BatchOrderSetting = { mode: 'random' };
  private next: () => number = generator(Date.now());

  set(setting: BatchOrderSetting): void {
    if (!['random', 'as-sent', 'reverse'].includes(setting.mode)) {
      throw new Error('mode must be random, as-sent or reverse');
    }
    this.setting = { ...setting };
    this.next = generator(setting.seed ?? Date.now());
  }

  get current(): BatchOrderSetting {
    return { ...this.setting };
  }

  /** The indexes 0..count-1 in the order the items execute. */
  order(count: number): number[] {
    const indexes = Array.from({ length: count }, (_, i) => i);
    if (this.setting.mode === 'as-sent') return indexes;
    if (this.setting.mode === 'reverse') return indexes.reverse();
    for (let i = count - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [indexes[i], indexes[j]] = [indexes[j], indexes[i]];
    }
    return indexes;
  }
}
