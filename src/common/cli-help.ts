/**
 * `--help` (or `-h`) for every command-line entry point: print what the command
 * does and how to call it on stdout, and exit 0 before touching anything
 * (no database, no network, no file written).
 */
export function exitWithHelpIfAsked(help: string, argv: readonly string[] = process.argv.slice(2)): void {
  if (!argv.includes('--help') && !argv.includes('-h')) return;
  process.stdout.write(help.endsWith('\n') ? help : `${help}\n`);
  process.exit(0);
}
