import { existsSync } from 'node:fs';
import path from 'node:path';

/** The package's root folder, from `src/` (tests) or `dist/src/` (the build) alike. */
export const PACKAGE_ROOT =
  [path.resolve(__dirname, '..'), path.resolve(__dirname, '..', '..')].find((dir) =>
    existsSync(path.join(dir, 'package.json')),
  ) ?? process.cwd();
