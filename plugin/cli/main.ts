/** The `doorkeep` command: dispatches to its subcommands. bin/doorkeep.js runs the compiled form of this. */
import { runMigrate } from './migrate.js';
import { runModerate, type CliIo } from './moderate.js';

export const MAIN_USAGE = `Usage: doorkeep <command> [options]

Commands:
  moderate   judge a batch of submissions (JSON lines) against a batch of posts; one verdict per line
  migrate    copy a lowdb data folder into PostgreSQL (--from data/doorkeep.json --to postgres://…)

Run "doorkeep moderate --help" or "doorkeep migrate --help" for their options.`;

/** Run the command line (without the node and script arguments); resolves with the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  if (command === 'moderate') return runModerate(args, io);
  if (command === 'migrate') return runMigrate(args, io);
  if (command === '--help' || command === '-h' || command === 'help') {
    io.stdout(MAIN_USAGE);
    return 0;
  }
  io.stderr(command === undefined ? MAIN_USAGE : `Unknown command "${command}".\n\n${MAIN_USAGE}`);
  return 2;
}
