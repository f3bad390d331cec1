/** Reads the service's JSON log file, waiting for lines written asynchronously. */
import { readFileSync } from 'node:fs';

export type Line = Record<string, unknown> & { level: number; msg: string; context?: string };

export async function logLines(file: string, until: (lines: Line[]) => boolean): Promise<Line[]> {
  const read = () =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Line);
  // The log file is written asynchronously: wait for the lines.
  for (let waited = 0; waited < 5000 && !until(read()); waited += 50)
    await new Promise((resolve) => setTimeout(resolve, 50));
  return read();
}
