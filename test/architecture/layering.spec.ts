/**
 * The module layering of src/, held by a test: every import points down (or within its own layer),
 * and no file reaches itself through its imports. Type-only imports count too.
 */
import { resolve } from 'node:path';
import { cycles, importGraph } from './import-graph';

/**
 * Layers from the bottom up; a path belongs to the layer of its longest matching prefix.
 * The notification event vocabulary imports nothing, so it sits with the foundation that records
 * events (journal) and raises them (trading) can read. Accounts, bots and kill switches as trading reads
 * them sit below the webhook; their admin API above the credentials it shares the key checks with.
 */
const LAYERS: string[][] = [
  ['src/generated', 'src/common', 'src/notifications/notification-events.ts'],
  ['src/config'],
  ['src/logging'],
  ['src/database'],
  ['src/exchange'],
  ['src/positions'],
  ['src/trading/orders'],
  ['src/journal'],
  ['src/trading'],
  ['src/accounts'],
  ['src/rate-limit'],
  ['src/webhook'],
  ['src/account-events'],
  ['src/admin'],
  ['src/credentials'],
  ['src/accounts/admin'],
  ['src/health'],
  ['src/notifications'],
  ['src'],
];

function layerOf(file: string): number {
  let best = { layer: -1, length: -1 };
  LAYERS.forEach((prefixes, layer) => {
    for (const prefix of prefixes) {
      const matches = file === prefix || file.startsWith(`${prefix}/`);
      if (matches && prefix.length > best.length) best = { layer, length: prefix.length };
    }
  });
  return best.layer;
}

const root = resolve(__dirname, '../..');
const graph = importGraph(root, 'src', (path) => path.startsWith('src/generated'));

describe('module layering', () => {
  it('reads the source tree', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get('src/trading/close/close.service.ts')).toContain('src/trading/orders/batched-orders.ts');
  });

  it('places every source file in a layer', () => {
    expect([...graph.keys()].filter((file) => layerOf(file) < 0)).toEqual([]);
  });

  it('has no import that runs upward', () => {
    const upward = [...graph].flatMap(([file, targets]) =>
      targets.filter((target) => layerOf(target) > layerOf(file)).map((target) => `${file} → ${target}`),
    );
    expect(upward).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(cycles(graph)).toEqual([]);
  });
});

describe('the checks themselves', () => {
  it('find a cycle and an upward arrow when there is one', () => {
    const tiny = new Map([
      ['src/positions/a.ts', ['src/trading/b.ts']],
      ['src/trading/b.ts', ['src/positions/a.ts']],
      ['src/common/c.ts', []],
    ]);
    expect(cycles(tiny)).toEqual([['src/positions/a.ts', 'src/trading/b.ts']]);
    expect(layerOf('src/positions/a.ts')).toBeLessThan(layerOf('src/trading/b.ts'));
    expect(layerOf('src/trading/orders/order-sender.ts')).toBeLessThan(layerOf('src/journal/signal-record.ts'));
  });
});
