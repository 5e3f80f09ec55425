#!/usr/bin/env node
// Runs `npm run build` when dist/ is missing or older than any source file, so `npm start` works on a fresh clone.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const markers = ['dist/src/main.js', 'dist/playground/index.html', 'dist/web/index.html'].map((file) =>
  path.join(root, file),
);
const sources = [
  'src',
  'playground',
  'web',
  'gql',
  'schema',
  'ormconfig.ts',
  'tsconfig.json',
  'tsconfig.build.json',
  'vite.playground.config.mts',
  'vite.web.config.mts',
  'package.json',
];

// Unit tests beside the code (*.test.ts files under src) are not built: editing one needs no rebuild.
function newestMtime(entry) {
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return entry.endsWith('.test.ts') ? 0 : stat.mtimeMs;
  return fs
    .readdirSync(entry)
    .reduce((newest, name) => Math.max(newest, newestMtime(path.join(entry, name))), stat.mtimeMs);
}

const built = Math.min(...markers.map((marker) => (fs.existsSync(marker) ? fs.statSync(marker).mtimeMs : 0)));
const newest = Math.max(
  ...sources
    .map((entry) => path.join(root, entry))
    .filter(fs.existsSync)
    .map(newestMtime),
);
if (newest > built) {
  process.stderr.write('Building (sources changed since the last build)...\n');
  execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  const now = new Date();
  for (const marker of markers) fs.utimesSync(marker, now, now);
}
