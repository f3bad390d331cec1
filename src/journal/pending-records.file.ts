/**
 * The journal's safety net: rows that could not be written to Postgres (it was
 * down, or a write failed after an order went through) are appended here as
 * JSON lines and written to Postgres later, exactly once (writes are upserts).
 */
import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface PendingRows {
  signal: Record<string, unknown>;
  calculation?: Record<string, unknown>;
  orders: Record<string, unknown>[];
  /** Outbox rows reporting this outcome: they travel with it, and are written with it. */
  notifications?: Record<string, unknown>[];
  /** Protective (algo) orders; absent in files written before they existed. */
  protective?: Record<string, unknown>[];
}

export class PendingRecordsFile {
  private appending: Promise<void> = Promise.resolve();

  constructor(readonly file: string) {}

  append(rows: PendingRows): Promise<void> {
    this.appending = this.appending
      .catch(() => undefined)
      .then(async () => {
        await mkdir(path.dirname(this.file), { recursive: true });
        await appendFile(this.file, `${JSON.stringify(rows)}\n`, { flag: 'a' });
      });
    return this.appending;
  }

  async readAll(): Promise<PendingRows[]> {
    await this.appending.catch(() => undefined);
    return this.rowsInFile();
  }

  /**
   * Replaces the file with the rows still pending (atomically, via rename). It runs
   * in the appends' queue: a row appended between reading the file and renaming the
   * rewrite over it would otherwise be lost (a signal failing during a flush).
   */
  keepOnly(rows: PendingRows[], readCount: number): Promise<void> {
    this.appending = this.appending
      .catch(() => undefined)
      .then(async () => {
        const appendedSince = (await this.rowsInFile()).slice(readCount);
        const remaining = [...rows, ...appendedSince];
        const temp = `${this.file}.tmp`;
        await writeFile(temp, remaining.map((r) => `${JSON.stringify(r)}\n`).join(''));
        await rename(temp, this.file);
      });
    return this.appending;
  }

  private async rowsInFile(): Promise<PendingRows[]> {
    try {
      const text = await readFile(this.file, 'utf8');
      return text
        .split('\n')
        .filter((line) => line.trim())
        .map((line) => JSON.parse(line) as PendingRows);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }
}
