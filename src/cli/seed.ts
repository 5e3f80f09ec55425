import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadDatabaseConfig, loadDotEnv } from '../config.js';
import { Database } from '../db/database.js';
import { InputValidationError } from '../errors.js';
import { seedThreads } from '../threads/thread.seed.js';
import { checkThreadId } from '../validation.js';
import { runCli } from './run-cli.js';

const USAGE = 'usage: npm run seed -- --threads N --messages M --owner USER [--project ID] [--json]';

function count(raw: string, name: string, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new InputValidationError([
      { type: 'int_parsing', loc: [name], msg: `should be an integer from 0 to ${max}`, input: raw },
    ]);
  }
  return value;
}

/** `npm run seed`: bulk threads and messages straight into DATABASE_URL (migrating it first). */
runCli(async () => {
  const { values } = parseArgs({
    options: {
      threads: { type: 'string', default: '10' },
      messages: { type: 'string', default: '10' },
      owner: { type: 'string', default: 'demo-user' },
      project: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const threads = count(values.threads, 'threads', 1_000_000);
  const messagesPerThread = count(values.messages, 'messages', 10_000_000);
  const ownerIssue = checkThreadId(values.owner, ['owner']);
  if (ownerIssue) throw new InputValidationError([ownerIssue]);
  loadDotEnv();
  const db = await Database.open(loadDatabaseConfig());
  try {
    const started = performance.now();
    const threadIds = await seedThreads(db, {
      threads,
      messagesPerThread,
      owner: values.owner,
      projectId: values.project ?? null,
    });
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ threadIds })}\n`);
    } else {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      process.stdout.write(
        `Seeded ${threads} threads with ${messagesPerThread} messages each for ${values.owner} in ${seconds} s.\n`,
      );
    }
  } finally {
    await db.close();
  }
});
