import { rmSync } from 'node:fs';
import path from 'node:path';

export default async function globalTeardown(): Promise<void> {
  const embedded = globalThis.__TVB_EMBEDDED__;
  if (!embedded) return;
  await embedded.stop();
  const dataDir = (embedded as unknown as { dataDir: string }).dataDir;
  rmSync(path.dirname(dataDir), { recursive: true, force: true });
}
