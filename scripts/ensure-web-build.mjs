#!/usr/bin/env node
// Builds the web UI (web/dist) only when it is missing or older than any of its inputs: every file under web/,
// the server modules the UI bundles, and the lockfile (a dependency upgrade changes the bundle).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const webDir = join(root, 'web');
const distDir = join(webDir, 'dist');
const builtIndex = join(distDir, 'index.html');
const SKIP = new Set([distDir, join(webDir, 'node_modules')]);
const OTHER_INPUTS = [
  'src/modules/orgs/org-kinds.ts',
  'src/modules/orgs/orgs.rules.ts',
  'src/modules/accounts/roles.ts',
  'package-lock.json',
].map((p) => join(root, p));

/** The newest modification time of any file under `dir`, skipping the build output. */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (SKIP.has(path)) continue;
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.isFile()) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function newestInput() {
  const others = OTHER_INPUTS.filter((p) => existsSync(p)).map((p) => statSync(p).mtimeMs);
  return Math.max(newestSource(webDir), ...others);
}

const reason = !existsSync(builtIndex)
  ? 'web/dist was missing'
  : newestInput() > statSync(builtIndex).mtimeMs
    ? 'its sources changed since the last build'
    : null;

if (!reason) {
  console.log('web UI is up to date (web/dist); build skipped');
} else {
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!existsSync(vite)) {
    console.error('web UI: vite is not installed; run `npm install` first');
    process.exit(1);
  }
  const result = spawnSync(process.execPath, [vite, 'build', '--config', join(webDir, 'vite.config.ts'), '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error(`web UI: the vite build failed (${reason})`);
    process.exit(result.status ?? 1);
  }
  console.log(`web UI: built web/dist because ${reason}`);
}
