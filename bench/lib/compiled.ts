import { execFileSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
let built = false;

/**
 * The portal's command line as production runs it: compiled JavaScript (`npm run build`, made
 * once per bench run from the current source), so memory and profiles are the portal's own and
 * not the TypeScript loader's.
 */
export function portalCommand(): string[] {
  if (!built) {
    execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'ignore' });
    built = true;
  }
  return [path.join(root, 'dist/cli.js')];
}
