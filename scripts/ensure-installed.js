#!/usr/bin/env node
// Runs `npm install` when dependencies are missing or older than the lockfile, so that
// `npm test` and `npm run demo` work on a fresh clone with no manual step.
const { existsSync, statSync } = require('node:fs');
const { execSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
const marker = join(root, 'node_modules', '.package-lock.json');
const lock = join(root, 'package-lock.json');
const needsInstall = !existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs);
if (needsInstall) {
  console.error('typeorm-schema-guard: installing dependencies (npm install)...');
  execSync('npm install --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
}
