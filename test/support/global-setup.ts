import { execFileSync } from 'node:child_process';

/** Some tests run the built server and CLIs as separate processes: build once, before any test file starts. */
export function setup(): void {
  execFileSync('node', ['scripts/build-if-needed.js'], { stdio: 'inherit' });
}
