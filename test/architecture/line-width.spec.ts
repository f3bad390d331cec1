/**
 * No line wider than 120 columns in what people read: the code, the tests, the scripts, the docs and the
 * README (eslint holds the TypeScript to it too; this also covers Markdown, Pine, SQL and the rest).
 * Exempt: generated code (src/generated, the guide's error table that npm run docs:errors writes) and a
 * line that is only too long because of a URL, which cannot be broken.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const MAX = 120;
const ROOTS = ['src', 'test', 'docs', 'scripts', 'bench', 'deploy', 'web/src', '.ci', 'prisma/schema.prisma'];
/** The files at the top of the repository (package-lock.json is npm's). */
const TOP = ['README.md', 'package.json', '.env.example', 'eslint.config.mjs', 'jest.config.js', 'tsconfig.json'];
const SKIPPED = ['src/generated', 'test/artifacts', 'bench/results'];
const TEXT = /\.(ts|tsx|js|mjs|cjs|md|pine|sql|json|css|html|sh|service|timer|conf|prisma|example)$|Caddyfile$|\/run$/;
const URL = /\bhttps?:\/\/\S+/g;
/** Generated sections inside hand-written files: from the start marker to the end marker. */
const GENERATED = [{ start: '<!-- error-table:start', end: '<!-- error-table:end -->' }];

function files(relative: string): string[] {
  if (SKIPPED.includes(relative)) return [];
  const full = path.join(ROOT, relative);
  if (!statSync(full).isDirectory()) return TEXT.test(relative) ? [relative] : [];
  return readdirSync(full).flatMap((name) => files(path.posix.join(relative, name)));
}

/** `file:line (width)` for each line over the limit. */
export function wideLines(file: string, text: string): string[] {
  const wide: string[] = [];
  let generated: (typeof GENERATED)[number] | undefined;
  text.split('\n').forEach((line, i) => {
    if (generated) {
      if (line.startsWith(generated.end)) generated = undefined;
      return;
    }
    generated = GENERATED.find((g) => line.startsWith(g.start));
    // Columns, not UTF-16 units: "ⓈM" is two columns, as an editor counts it.
    const width = [...line.replace(URL, '')].length;
    if (!generated && width > MAX) wide.push(`${file}:${i + 1} (${[...line].length})`);
  });
  return wide;
}

describe('line width', () => {
  it(`keeps every line within ${MAX} columns outside generated code`, () => {
    const all = [...ROOTS, ...TOP]
      .filter((r) => statSync(path.join(ROOT, r), { throwIfNoEntry: false }))
      .flatMap(files);
    expect(all.length).toBeGreaterThan(300);
    expect(all.flatMap((file) => wideLines(file, readFileSync(path.join(ROOT, file), 'utf8')))).toEqual([]);
  });

  it('finds a wide line, and skips generated sections and URLs', () => {
    const wide = 'x'.repeat(MAX + 1);
    const url = `see https://example.com/${'a'.repeat(MAX)}`;
    const text = ['ok', wide, '<!-- error-table:start (generated) -->', wide, '<!-- error-table:end -->', url].join(
      '\n',
    );
    expect(wideLines('f.md', text)).toEqual([`f.md:2 (${MAX + 1})`]);
  });
});
