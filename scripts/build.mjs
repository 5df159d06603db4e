#!/usr/bin/env node
// npm run build: dist/esm (ES modules + .d.ts, and the demo npm start runs) and dist/cjs (CommonJS + the same
// .d.ts), each with the admin's EJS views and assets beside the code that reads them. Plain Node: no tsx needed.
import { spawn } from 'node:child_process';
import { cp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

function compile(project) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsc, '-p', project], { cwd: root, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`tsc -p ${project} failed (exit code ${code}).`))));
  });
}

async function* files(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

await rm(dist, { recursive: true, force: true });
await Promise.all([compile('tsconfig.build.json'), compile('tsconfig.cjs.json')]);

// CommonJS: its own package scope, and the ESM build's declarations (the same API) beside its code.
await writeFile(join(dist, 'cjs', 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
for (const part of ['plugin', 'admin']) {
  for await (const file of files(join(dist, 'esm', part))) {
    if (!/\.d\.c?ts$/.test(file)) continue;
    const target = join(dist, 'cjs', relative(join(dist, 'esm'), file));
    await mkdir(dirname(target), { recursive: true });
    await cp(file, target);
  }
}

// What the code reads at run time: the admin's views and assets, the shipped prior, the demo's views, posts and static files.
for (const format of ['esm', 'cjs']) {
  for (const folder of ['views', 'assets']) await cp(join(root, 'admin', folder), join(dist, format, 'admin', folder), { recursive: true });
  // The classifier's shipped prior (npm run train-prior), read beside plugin/knowledge/prior.js.
  await cp(join(root, 'plugin', 'knowledge', 'prior.json'), join(dist, format, 'plugin', 'knowledge', 'prior.json'));
  await cp(join(root, 'plugin', 'knowledge', 'letters.json'), join(dist, format, 'plugin', 'knowledge', 'letters.json'));
}
for (const folder of ['views', 'posts', 'public']) await cp(join(root, 'demo-site', folder), join(dist, 'esm', 'demo-site', folder), { recursive: true });

console.log(`Built ${relative(root, dist)}/esm and ${relative(root, dist)}/cjs.`);
