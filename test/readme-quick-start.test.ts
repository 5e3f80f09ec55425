import { type ChildProcessWithoutNullStreams, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THREAD_DELETE_RESPONSE_KEYS } from '../src/threads/delete/thread-delete.result.js';
import { defined } from './support/assertions.js';
import { createTestDatabase, type TestDatabase } from './support/databases.js';

// The README's quick start, run as written: every fenced block after a `<!-- quick-start... -->`
// comment is taken from README.md. The `server` block starts the server (all of it but
// `npm install`: the suite runs on the installed tree, offline), on a new SQLite database and a
// free port; the plain `quick-start` blocks run in order in one bash, as a person pastes them into
// a second terminal; `banner` is what the server block prints, `prints` what the step above it prints.

const README = readFileSync('README.md', 'utf8');
/** Printed between steps, to tell their outputs apart. */
const STEP_END = '@@quick-start-step-end@@';
/** The demo threads, newest first, as `npm start` seeds them. */
const DEMO_TITLES = ['Recipe ideas', 'Trip planning', 'Welcome to chat-thread-gateway'];

interface QuickStart {
  readonly server: string[];
  readonly banner: string;
  readonly steps: { readonly script: string; readonly prints?: string }[];
}

/** The quick-start blocks of `readme`, in order. */
function quickStart(readme: string): QuickStart {
  const blocks = [...readme.matchAll(/^<!-- quick-start(?::(\w+))? -->\n```\w*\n([\s\S]*?)^```$/gm)].map(
    ([, kind, text]) => ({ kind: kind ?? 'step', text }),
  );
  const steps: { script: string; prints?: string }[] = [];
  for (const block of blocks) {
    if (block.kind === 'step') steps.push({ script: block.text });
    else if (block.kind === 'prints') defined(steps.at(-1), 'a step before a prints block').prints = block.text;
  }
  const only = (kind: string) => {
    const found = blocks.filter((block) => block.kind === kind);
    if (found.length !== 1) throw new Error(`README.md has ${found.length} blocks marked quick-start:${kind}, not 1`);
    return found[0].text;
  };
  return { server: only('server').trim().split('\n'), banner: only('banner'), steps };
}

/** A TCP port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** The value with every leaf replaced by its type: what a README sample and a real answer must share. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shape(inner)]));
  return value === null ? 'null' : typeof value;
}

describe('the README quick start, run verbatim', () => {
  const guide = quickStart(README);
  let database: TestDatabase;
  let server: ChildProcessWithoutNullStreams;
  let port: number;
  let stdout = '';
  /** What each step printed, in order. */
  let outputs: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    port = await freePort();
    const commands = guide.server.filter((line) => line !== 'npm install');
    // Detached: the server (npm, its shell and node) is a process group of its own, stopped as one.
    server = spawn('bash', ['-c', commands.join('\n')], {
      detached: true,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        PORT: String(port),
        DATABASE_URL: database.url,
        BACKUP_DIR: `${database.url.slice('sqlite:'.length)}.backups`,
        npm_config_update_notifier: 'false',
      },
    });
    server.stdout.on('data', (chunk) => (stdout += chunk));
    let stderr = '';
    server.stderr.on('data', (chunk) => (stderr += chunk));
    const deadline = Date.now() + 60_000;
    while (!/Authorization: Bearer \S+\n/.test(stdout)) {
      if (server.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not start: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const script = ['set -eo pipefail', ...guide.steps.map((step) => `${step.script}printf '\\n%s\\n' ${STEP_END}`)];
    const { stdout: printed } = await promisify(execFile)('bash', ['-c', script.join('\n')], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: String(port) },
      timeout: 60_000,
    });
    outputs = printed
      .split(`${STEP_END}\n`)
      .slice(0, -1)
      .map((output) => output.trim());
  });
  afterAll(async () => {
    if (server?.pid && server.exitCode === null) {
      const exited = once(server, 'exit');
      process.kill(-server.pid, 'SIGTERM');
      await exited;
    }
    await database?.drop();
  });

  it('starts the server with `npm install` and `npm start`', () => {
    expect(guide.server).toEqual(['npm install', 'npm start']);
  });

  it('when the server starts, then its banner names /graphql, /docs and /api/..., before any JSON log line, as the README shows it', () => {
    const lines = stdout.split('\n');
    const bannerStart = lines.indexOf('chat-thread-gateway is up:');
    const token = defined(/Authorization: Bearer (\S+)/.exec(stdout), 'the dev token')[1];
    const bannerEnd = lines.findIndex((line) => line.includes('Authorization: Bearer'));
    const banner = lines
      .slice(bannerStart, bannerEnd + 1)
      .join('\n')
      .replaceAll(`http://127.0.0.1:${port}`, 'http://127.0.0.1:4000')
      .replace(token, 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...');

    expect(bannerStart).toBeGreaterThan(-1);
    expect(lines.findIndex((line) => line.startsWith('{'))).toBeGreaterThan(bannerEnd);
    expect(banner).toBe(guide.banner.trimEnd());
    for (const path of ['/graphql', '/docs', '/api/chat/threads/{thread_id}'])
      expect(banner).toContain(`http://127.0.0.1:4000${path}`);
  });

  it('when its steps are run in one bash, then each prints what the README says, and the two listed threads are deleted, one per transport', () => {
    const json = (index: number) => JSON.parse(outputs[index]);
    const [listed, deletedByGraphql, deletedByRest, left] = [1, 2, 3, 4].map(json);
    const [first, second] = listed.data.threads.edges.map((edge: { node: { id: string } }) => edge.node.id);

    expect(outputs).toHaveLength(5);
    expect(outputs[0]).toBe('');
    expect(listed.data.threads.edges.map((edge: { node: { title: string } }) => edge.node.title)).toEqual(DEMO_TITLES);
    expect(deletedByGraphql).toEqual({
      data: {
        deleteThread: {
          status: 'success',
          message: `Thread '${first}' and its 2 messages were permanently deleted.`,
          outcome: 'DELETED',
          deletedMessageCount: 2,
        },
      },
    });
    expect(Object.keys(deletedByRest).sort()).toEqual([...THREAD_DELETE_RESPONSE_KEYS].sort());
    expect(deletedByRest).toMatchObject({ status: 'success', threadId: second, deletedMessageCount: 3 });
    expect(left).toEqual({ data: { threads: { edges: [{ node: { title: DEMO_TITLES[2] } }] } } });
    for (const [index, step] of guide.steps.entries())
      if (step.prints)
        expect(shape(JSON.parse(step.prints)), `what step ${index + 1} prints`).toEqual(shape(json(index)));
  });

  it('then the database holds only the thread left, and an audit entry for each delete', async () => {
    const db = new DataSource({
      type: 'better-sqlite3',
      database: database.url.slice('sqlite:'.length),
      readonly: true,
    });
    await db.initialize();
    try {
      const threads = await db.query('SELECT title FROM threads');
      const messages = await db.query('SELECT COUNT(*) AS count FROM messages');
      const audit = await db.query('SELECT action, actor, message_count FROM audit_entries ORDER BY created_at');

      expect(threads).toEqual([{ title: DEMO_TITLES[2] }]);
      expect(messages).toEqual([{ count: 2 }]);
      expect(audit).toEqual([
        { action: 'DELETE_PERMANENT', actor: 'demo-user', message_count: 2 },
        { action: 'DELETE_PERMANENT', actor: 'demo-user', message_count: 3 },
      ]);
    } finally {
      await db.destroy();
    }
  });
});
