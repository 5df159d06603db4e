#!/usr/bin/env node
import { register } from 'tsx/esm/api';

register();
const [command, ...args] = process.argv.slice(2);
const io = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
};
if (command === 'migrate') {
  const { runMigrate } = await import('../plugin/cli/migrate.ts');
  process.exitCode = await runMigrate(args, io);
} else if (command !== 'moderate') {
  const { USAGE } = await import('../plugin/cli/moderate.ts');
  const { MIGRATE_USAGE } = await import('../plugin/cli/migrate.ts');
  process.stderr.write(`${command ? `Unknown command "${command}".\n\n` : ''}${USAGE}\n\n${MIGRATE_USAGE}\n`);
  process.exit(2);
} else {
  const { runModerate } = await import('../plugin/cli/moderate.ts');
  process.exitCode = await runModerate(args, io);
}
