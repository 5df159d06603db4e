#!/usr/bin/env node
import { register } from 'tsx/esm/api';

register();
const [command, ...args] = process.argv.slice(2);
if (command !== 'moderate') {
  const { USAGE } = await import('../plugin/cli/moderate.ts');
  process.stderr.write(`${command ? `Unknown command "${command}".\n\n` : ''}${USAGE}\n`);
  process.exit(2);
}
const { runModerate } = await import('../plugin/cli/moderate.ts');
const code = await runModerate(args, {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
});
process.exitCode = code;
