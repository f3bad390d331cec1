import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PendingRecordsFile, PendingRows } from './pending-records.file';

const rows = (id: string): PendingRows => ({ signal: { id }, orders: [] });
const ids = async (file: PendingRecordsFile) => (await file.readAll()).map((r) => r.signal.id as string).sort();

describe('pending records file', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'tvb-pending-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the rows still pending and those appended since they were read', async () => {
    const file = new PendingRecordsFile(path.join(dir, 'pending.jsonl'));
    await Promise.all(['a', 'b', 'c'].map((id) => file.append(rows(id))));
    const read = await file.readAll();
    await file.append(rows('d'));
    await file.keepOnly([read[1]], read.length);
    expect(await ids(file)).toEqual(['b', 'd']);
  });

  it('loses no row appended while the file is being rewritten (a signal failing during a flush)', async () => {
    const file = new PendingRecordsFile(path.join(dir, 'pending.jsonl'));
    const expected: string[] = [];
    for (let round = 0; round < 40; round++) {
      await file.append(rows(`kept-${round}`));
      expected.push(`kept-${round}`);
      const read = await file.readAll();
      // The flush found every row still unwritable; a new failure arrives at some point of its rewrite.
      const rewrite = file.keepOnly(read, read.length);
      await new Promise((resolve) => setTimeout(resolve, round % 4));
      await Promise.all([rewrite, file.append(rows(`during-${round}`))]);
      expected.push(`during-${round}`);
    }
    expect(await ids(file)).toEqual(expected.sort());
  });
});
