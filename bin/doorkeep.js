#!/usr/bin/env node
// The `doorkeep` command: runs the compiled CLI (`npm run build` makes dist/; the package ships it).
import { main } from '../dist/esm/plugin/cli/main.js';

process.exitCode = await main(process.argv.slice(2), {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
});
