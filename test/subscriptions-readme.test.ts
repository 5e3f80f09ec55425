import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createThread } from './support/live.js';
import { useTestApp } from './support/test-app.js';
import { bearer, DELETE_MUTATION } from './support/transports.js';

/** The shell block after `<!-- live-example -->` in the README. */
function liveExample(): string {
  const readme = readFileSync('README.md', 'utf8');
  const match = /<!-- live-example -->\n```sh\n([\s\S]*?)\n```/.exec(readme);
  if (!match) throw new Error('README.md has no <!-- live-example --> block');
  return match[1];
}

describe('the README\'s "Live updates" example', () => {
  const t = useTestApp('sqlite');

  it('when run as written while a thread is deleted, then it prints the DELETED event as one JSON line', async () => {
    const alice = await bearer(t, 'alice');
    const child = spawn('bash', ['-c', liveExample()], {
      env: { ...process.env, GW: t.url, TOKEN: await t.token('alice') },
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      stdout += chunk;
    });
    try {
      // The example subscribes once it has started (a second or so): delete until it hears one.
      let deleted = '';
      while (!stdout.includes('"DELETED"')) {
        expect(child.exitCode).toBeNull();
        deleted = await createThread(t, 'alice');
        await t.graphql(DELETE_MUTATION, { threadId: deleted }, alice);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const lines = stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      const event = lines.find((line) => line.threadEvents?.kind === 'DELETED').threadEvents;

      expect(Object.keys(event)).toEqual(['kind', 'threadId', 'messageCount', 'actor', 'at']);
      expect(event).toMatchObject({ kind: 'DELETED', messageCount: 0, actor: 'alice' });
      expect(lines.every((line) => line.threadEvents.actor === 'alice')).toBe(true);
    } finally {
      child.kill();
    }
  });
});
