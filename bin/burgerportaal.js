#!/usr/bin/env node
// Runs the compiled entry point (dist/, made by `npm run build`) when it exists: that is how
// production runs, at about 200 MB per process. Without a build it runs the TypeScript source
// through tsx, so a checkout works without a build step.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const compiled = path.join(root, 'dist/cli.js');
const args = fs.existsSync(compiled)
  ? [compiled]
  : [createRequire(import.meta.url).resolve('tsx/cli'), path.join(root, 'src/cli.ts')];
const result = spawnSync(process.execPath, [...args, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
