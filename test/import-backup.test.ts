import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type {
  BackupMessage as StoredMessage,
  BackupThread as StoredThread,
} from '../src/threads/backup/thread-backup.store.js';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  BackupFormatError,
  BackupStore,
} from '../src/threads/backup/thread-backup.store.js';
import { importBackup, ThreadExistsError } from '../src/threads/backup/thread-import.service.js';
import { Message } from '../src/threads/message.entity.js';
import { Thread } from '../src/threads/thread.entity.js';
import { seedThreads } from '../src/threads/thread.seed.js';
import { DATABASE_KINDS } from './support/databases.js';
import { auditRows, countRows } from './support/rows.js';
import { type TestApp, useTestApp } from './support/test-app.js';

/** A JSON object of a backup file, whose fields a test may set to anything or remove. */
type Json = Record<string, unknown>;

/** The thread of a valid backup (more fields may be planted). */
type BackupThread = StoredThread & { [field: string]: unknown };

/** A message of a valid backup (`threadId` may be left out; more fields may be planted). */
type BackupMessage = Omit<StoredMessage, 'threadId'> & { threadId?: string; [field: string]: unknown };

/** A backup as the writer lays it out: the header with its thread, and the messages. */
interface Backup {
  header: Json;
  thread: BackupThread;
  messages: BackupMessage[];
}

/** A backup seen as plain JSON objects, for breaking a field with a value of the wrong type. */
interface LooseBackup {
  header: Json;
  thread: Json;
  messages: Json[];
}

const MiB = 1024 * 1024;

/** A valid backup of a new thread of mallory's with `count` messages, unique ids throughout. */
function validBackup(count = 3): Backup {
  const id = `imported-${randomUUID()}`;
  const thread = {
    id,
    title: 'From a file',
    projectId: 'project-1',
    conversationId: null,
    userId: 'mallory',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-02T00:00:00.000Z',
  };
  const messages = Array.from({ length: count }, (_, index) => ({
    id: randomUUID(),
    threadId: id,
    role: index % 2 === 0 ? 'user' : 'assistant',
    content: `message ${index + 1}`,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, index)).toISOString(),
  }));
  return {
    header: { format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt: '2026-01-03T00:00:00.000Z' },
    thread,
    messages,
  };
}

/** The text of a backup, line for line as `BackupStore.write` lays it out. */
function documentOf(
  backup: LooseBackup,
  messageLines = backup.messages.map((message) => JSON.stringify(message)),
): string {
  const header = JSON.stringify({ ...backup.header, thread: backup.thread });
  const body = messageLines.length > 0 ? `\n${messageLines.join(',\n')}` : '';
  return `${header.slice(0, -1)},"messages":[${body}\n],"messageCount":${messageLines.length}}\n`;
}

/** Gzips `content` into a new file of `dir` under a valid key; returns the key. */
function writeBackupFile(dir: string, content: string | Buffer, gzip = true): string {
  const key = `2026-01-03/${randomUUID()}.json.gz`;
  mkdirSync(path.join(dir, '2026-01-03'), { recursive: true });
  writeFileSync(path.join(dir, key), gzip ? gzipSync(content) : content);
  return key;
}

/** Rows of every table, for "nothing was written" assertions. */
async function totals(t: TestApp) {
  const count = async (table: string) =>
    Number((await t.app.db.dataSource.query(`SELECT COUNT(*) AS count FROM ${table}`))[0].count);
  return { threads: await count('threads'), messages: await count('messages'), audit: await count('audit_entries') };
}

/** Every row of a thread and its messages, as stored. */
async function rowsOf(t: TestApp, threadId: string) {
  const ds = t.app.db.dataSource;
  return {
    thread: await ds.getRepository(Thread).findOneBy({ id: threadId }),
    messages: await ds.getRepository(Message).find({ where: { threadId }, order: { id: 'ASC' } }),
  };
}

/** The error an import ends with, or 'imported' when it succeeds. */
async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => 'imported',
    (error: unknown) => error,
  );
}

const long = (length: number) => 'x'.repeat(length);

/** Breaking one field of an otherwise valid backup, and the exact error that follows `backup KEY, ` (THREAD_ID: the backup's thread id). */
const FIELD_CASES: [string, (backup: LooseBackup) => void, string][] = [
  [
    'the thread id is 100,000 characters',
    (b) => (b.thread.id = long(100_000)),
    `thread: id: String should have at most 128 characters, got "${long(100)}"... (100000 characters)`,
  ],
  [
    'the thread id holds a NUL',
    (b) => (b.thread.id = 'a\u0000b'),
    `thread: id: String should match pattern '^[^\\x00]*$', got "a\\u0000b"`,
  ],
  [
    'the thread id holds CR LF',
    (b) => (b.thread.id = 'a\r\nb'),
    `thread: id: String should match pattern '^[^\\x00-\\x1F\\x7F]+$', got "a\\r\\nb"`,
  ],
  ['the thread id is empty', (b) => (b.thread.id = ''), `thread: id: String should have at least 1 character, got ""`],
  ['the thread id is a number', (b) => (b.thread.id = 42), 'thread: id: should be a string, not a number'],
  [
    'the title is empty',
    (b) => (b.thread.title = ''),
    'thread: title: String should have at least 1 character, got ""',
  ],
  [
    'the title is 501 characters',
    (b) => (b.thread.title = long(501)),
    `thread: title: String should have at most 500 characters, got "${long(100)}"... (501 characters)`,
  ],
  [
    'the projectId is 129 characters',
    (b) => (b.thread.projectId = long(129)),
    `thread: projectId: String should have at most 128 characters, got "${long(100)}"... (129 characters)`,
  ],
  [
    'the conversationId holds a newline',
    (b) => (b.thread.conversationId = 'c\n1'),
    `thread: conversationId: String should match pattern '^[^\\x00-\\x1F\\x7F]*$', got "c\\n1"`,
  ],
  [
    'the owner is system:purge',
    (b) => (b.thread.userId = 'system:purge'),
    `thread: userId: Value error, owners starting with "system:" are reserved for the gateway's own actors, got "system:purge"`,
  ],
  [
    'the owner is 129 characters',
    (b) => (b.thread.userId = long(129)),
    `thread: userId: String should have at most 128 characters, got "${long(100)}"... (129 characters)`,
  ],
  [
    'the owner holds a control character',
    (b) => (b.thread.userId = 'bob\u0007'),
    `thread: userId: String should match pattern '^[^\\x00-\\x1F\\x7F]+$', got "bob\\u0007"`,
  ],
  ['the owner is missing', (b) => delete b.thread.userId, 'thread: missing field "userId"'],
  [
    'the thread has a deletedAt',
    (b) => (b.thread.deletedAt = '2026-01-01T00:00:00.000Z'),
    'thread: unknown field "deletedAt"',
  ],
  ['the thread is null', (b) => (b.thread = null as unknown as Json), 'thread: should be a JSON object, not null'],
  [
    'createdAt is "garbage"',
    (b) => (b.thread.createdAt = 'garbage'),
    'thread: createdAt: Input should be an ISO 8601 date and time from 1970 to 9999, such as 2026-01-31T12:00:00.000Z, got "garbage"',
  ],
  [
    'updatedAt is February 30th',
    (b) => (b.thread.updatedAt = '2026-02-30T00:00:00.000Z'),
    'thread: updatedAt: Input should be an ISO 8601 date and time from 1970 to 9999, such as 2026-01-31T12:00:00.000Z, got "2026-02-30T00:00:00.000Z"',
  ],
  [
    'createdAt is before 1970 once in UTC',
    (b) => (b.thread.createdAt = '1970-01-01T00:30:00+01:00'),
    'thread: createdAt: Input should be an ISO 8601 date and time from 1970 to 9999, such as 2026-01-31T12:00:00.000Z, got "1970-01-01T00:30:00+01:00"',
  ],
  [
    'createdAt has no time zone',
    (b) => (b.thread.createdAt = '2026-01-01T00:00:00'),
    'thread: createdAt: Input should be an ISO 8601 date and time from 1970 to 9999, such as 2026-01-31T12:00:00.000Z, got "2026-01-01T00:00:00"',
  ],
  [
    'createdAt is a number',
    (b) => (b.thread.createdAt = 1767225600000),
    'thread: createdAt: should be a string, not a number',
  ],
  [
    'exportedAt is "garbage"',
    (b) => (b.header.exportedAt = 'garbage'),
    'header: exportedAt: Input should be an ISO 8601 date and time from 1970 to 9999, such as 2026-01-31T12:00:00.000Z, got "garbage"',
  ],
  ['the header has no thread', (b) => delete (b as Partial<Backup>).thread, 'header: missing field "thread"'],
  ['the header has an extra field', (b) => (b.header.owner = 'bob'), 'header: unknown field "owner"'],
  [
    'the header has another version',
    (b) => (b.header.version = 2),
    'header: not a chat-thread-gateway/thread-backup v1 file',
  ],
  [
    'message 2 has the role admin',
    (b) => (b.messages[1].role = 'admin'),
    `message 2: role: Input should be 'user', 'assistant', 'system' or 'tool', got "admin"`,
  ],
  ['message 2 has no role', (b) => delete b.messages[1].role, 'message 2: missing field "role"'],
  [
    'message 2 is 200,000 characters',
    (b) => (b.messages[1].content = long(200_000)),
    `message 2: content: String should have at most 100000 characters, got "${long(100)}"... (200000 characters)`,
  ],
  [
    'message 2 is empty',
    (b) => (b.messages[1].content = ''),
    'message 2: content: String should have at least 1 character, got ""',
  ],
  [
    'message 2 holds a NUL',
    (b) => (b.messages[1].content = 'a\u0000'),
    `message 2: content: String should match pattern '^[^\\x00]*$', got "a\\u0000"`,
  ],
  [
    'message 2 has an object for content',
    (b) => (b.messages[1].content = { text: 'hi' }),
    'message 2: content: should be a string, not an object',
  ],
  [
    'message 2 has an id of 37 characters',
    (b) => (b.messages[1].id = long(37)),
    `message 2: id: String should have at most 36 characters, got "${long(37)}"`,
  ],
  [
    'message 2 has an id with CR LF',
    (b) => (b.messages[1].id = 'm\r\n2'),
    `message 2: id: String should match pattern '^[^\\x00-\\x1F\\x7F]+$', got "m\\r\\n2"`,
  ],
  [
    'message 2 has createdAt "garbage"',
    (b) => (b.messages[1].createdAt = 'garbage'),
    'message 2: createdAt: Input should be an ISO 8601 date and time from 1970 to 9999, such as 2026-01-31T12:00:00.000Z, got "garbage"',
  ],
  [
    'message 2 has createdAt in year 10000',
    (b) => (b.messages[1].createdAt = '+010000-01-01T00:00:00.000Z'),
    'message 2: createdAt: Input should be an ISO 8601 date and time from 1970 to 9999, such as 2026-01-31T12:00:00.000Z, got "+010000-01-01T00:00:00.000Z"',
  ],
  [
    'message 2 names another thread id',
    (b) => (b.messages[1].threadId = 'someone-else'),
    `message 2: threadId: should be the backup's thread "THREAD_ID", got "someone-else"`,
  ],
  [
    'message 2 carries a thread relation',
    (b) => (b.messages[1].thread = { id: 'someone-else' }),
    'message 2: unknown field "thread"',
  ],
  [
    'message 2 is an array',
    (b) => (b.messages[1] = [] as unknown as Json),
    'message 2: should be a JSON object, not an array',
  ],
];

/** Breaking the layout of an otherwise valid backup (given as text), and the exact error that follows `backup KEY`. */
const LAYOUT_CASES: [string, (backup: Backup) => string, string][] = [
  ['the file is empty', () => '', ', header: the file is empty'],
  ['the header is not JSON', () => 'hello\n', ', header: is not valid JSON'],
  [
    'the messages are inside the header line',
    (b) => documentOf(b).replace('"messages":[\n', `"messages":[${JSON.stringify(b.messages[0])}\n`),
    ', header: messages should start on the next line',
  ],
  [
    'message 2 is not JSON',
    (b) => documentOf(b, [JSON.stringify(b.messages[0]), '{"id": "m2", role: user}']),
    ', message 2: is not valid JSON',
  ],
  [
    'the message count is wrong',
    (b) => documentOf(b).replace('"messageCount":3', '"messageCount":2'),
    ', end: says 2 messages but holds 3',
  ],
  [
    'the end has an extra field',
    (b) => documentOf(b).replace('"messageCount":3}', '"messageCount":3,"owner":"bob"}'),
    ', end: unknown field "owner"',
  ],
  ['data follows the end', (b) => `${documentOf(b)}{"more":true}\n`, ': data after the end of the document'],
  [
    'the end is missing',
    (b) => documentOf(b).replace(/\n\],"messageCount":3\}\n$/, '\n'),
    ' is truncated: no end after message 3',
  ],
];

describe.each(DATABASE_KINDS)('importBackup of a crafted file (%s)', (kind) => {
  const backupDir = mkdtempSync(path.join(tmpdir(), 'ctg-import-'));
  const t = useTestApp(kind, { BACKUP_DIR: backupDir });
  const store = new BackupStore(backupDir);

  /** Imports `content`; resolves with the key and what the import ended with, once it is known nothing else changed. */
  async function refused(content: string | Buffer, options: { gzip?: boolean; store?: BackupStore } = {}) {
    const key = writeBackupFile(backupDir, content, options.gzip);
    const before = await totals(t);
    const error = await failureOf(importBackup(t.app.db, options.store ?? store, key));
    expect(await totals(t)).toEqual(before);
    expect(error).toBeInstanceOf(BackupFormatError);
    const { message } = error as Error;
    expect(message).not.toMatch(/[\r\n]/);
    return { key, message };
  }

  it('when a valid crafted backup is imported, then the thread and messages are stored field for field with a RESTORE entry', async () => {
    const backup = validBackup(2);
    delete backup.messages[1].threadId;
    backup.messages[1].createdAt = '2026-01-01T01:00:05+01:00';
    const key = writeBackupFile(backupDir, documentOf(backup));

    const result = await importBackup(t.app.db, store, key);

    expect(result).toEqual({ threadId: backup.thread.id, messageCount: 2 });
    const { thread, messages } = await rowsOf(t, backup.thread.id);
    expect(thread).toEqual({
      ...backup.thread,
      createdAt: new Date('2026-01-01T00:00:00.000Z'),
      updatedAt: new Date('2026-01-02T00:00:00.000Z'),
      deletedAt: null,
      deletedBy: null,
      restoreUntil: null,
      // Kept by the database as the import inserted the messages.
      messageCount: backup.messages.length,
    });
    const stored = [...backup.messages].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(messages).toEqual(
      stored.map((m) => ({
        id: m.id,
        threadId: backup.thread.id,
        role: m.role,
        content: m.content,
        createdAt: new Date(m.createdAt),
      })),
    );
    expect(messages.find((m) => m.id === backup.messages[1].id)?.createdAt.toISOString()).toBe(
      '2026-01-01T00:00:05.000Z',
    );
    const audit = await auditRows(t, backup.thread.id);
    expect(audit.map((row) => [row.action, row.actor, row.owner, Number(row.message_count), row.reason])).toEqual([
      ['RESTORE', 'system:import-backup', 'mallory', 2, `imported from backup ${key}`],
    ]);
  });

  it('when the longest valid messages are imported (100,000 escaped control characters, 100,000 emoji), then they fit the line limit and are stored whole', async () => {
    const backup = validBackup(2);
    backup.messages[0].content = '\u0001'.repeat(100_000);
    backup.messages[1].content = '😀'.repeat(100_000);
    const document = documentOf(backup);
    expect(Buffer.byteLength(document.split('\n')[1])).toBeGreaterThan(600_000);
    const key = writeBackupFile(backupDir, document);

    await importBackup(t.app.db, store, key);

    const { messages } = await rowsOf(t, backup.thread.id);
    expect(messages.map((m) => m.content).sort()).toEqual(
      [backup.messages[0].content, backup.messages[1].content].sort(),
    );
  });

  it("when a message line carries another user's thread as a relation, then the import is refused and that thread is untouched", async () => {
    const [bobThread] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 2, owner: 'bob' });
    const bobBefore = await rowsOf(t, bobThread);
    const backup = validBackup(1);
    backup.messages.push({
      id: randomUUID(),
      role: 'user',
      content: "planted in bob's thread",
      createdAt: '2026-01-01T00:00:09.000Z',
      thread: { id: bobThread },
    });

    const { key, message } = await refused(documentOf(backup));

    expect(message).toBe(`backup ${key}, message 2: unknown field "thread"`);
    expect(await rowsOf(t, bobThread)).toEqual(bobBefore);
    expect(await countRows(t, bobThread)).toEqual({ threads: 1, messages: 2, audit: 0 });
    expect(await countRows(t, backup.thread.id)).toEqual({ threads: 0, messages: 0, audit: 0 });
  });

  it("when a message reuses the id of another user's message, then the import is refused and that message is untouched", async () => {
    const [bobThread] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 1, owner: 'bob' });
    const bobBefore = await rowsOf(t, bobThread);
    const backup = validBackup(2);
    backup.messages[1].id = bobBefore.messages[0].id;

    const { key, message } = await refused(documentOf(backup));

    expect(message).toBe(`backup ${key}, messages 1 to 2: a message id is taken already (or repeats in the file)`);
    expect(await rowsOf(t, bobThread)).toEqual(bobBefore);
  });

  it("when the backup's thread id is another user's live thread, then the import is refused and that thread is untouched", async () => {
    const [bobThread] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 1, owner: 'bob' });
    const bobBefore = await rowsOf(t, bobThread);
    const backup = validBackup(1);
    backup.thread.id = bobThread;
    const key = writeBackupFile(backupDir, documentOf(backup));

    await expect(importBackup(t.app.db, store, key)).rejects.toThrow(
      new ThreadExistsError(`thread ${bobThread} already exists; delete it first to import this backup`),
    );
    expect(await rowsOf(t, bobThread)).toEqual(bobBefore);
    expect(await countRows(t, bobThread)).toEqual({ threads: 1, messages: 1, audit: 0 });
  });

  it.each(FIELD_CASES)(
    'when %s, then the import is refused with one line naming it, and nothing is written',
    async (_name, breakIt, expected) => {
      const backup = validBackup(3);
      const threadId = backup.thread.id;
      breakIt(backup);

      const { key, message } = await refused(documentOf(backup));

      expect(message).toBe(`backup ${key}, ${expected.replace('THREAD_ID', threadId)}`);
      expect(message.length).toBeLessThan(300);
    },
  );

  it.each(LAYOUT_CASES)(
    'when %s, then the import is refused with one line naming it, and nothing is written',
    async (_name, build, expected) => {
      const { key, message } = await refused(build(validBackup(3)));

      expect(message).toBe(`backup ${key}${expected}`);
    },
  );

  it('when message 601 is invalid after 600 valid ones (a chunk already inserted), then nothing of the thread is kept', async () => {
    const backup = validBackup(601);
    backup.messages[600].role = 'root';

    const { key, message } = await refused(documentOf(backup));

    expect(message).toBe(
      `backup ${key}, message 601: role: Input should be 'user', 'assistant', 'system' or 'tool', got "root"`,
    );
    expect(await countRows(t, backup.thread.id)).toEqual({ threads: 0, messages: 0, audit: 0 });
  });

  it('when the file is not gzip, then the import is refused naming it', async () => {
    const { key, message } = await refused(documentOf(validBackup(1)), { gzip: false });

    expect(message).toBe(`backup ${key}: cannot be decompressed (incorrect header check)`);
  });

  it.each([
    ['the header', (line: string, b: Backup) => `${line}\n${documentOf(b)}`, 1],
    ['message 2', (line: string, b: Backup) => documentOf(b, [JSON.stringify(b.messages[0]), line]), 3],
  ])('when %s is a line over 1 MiB, then the import is refused naming the line', async (_name, build, lineNumber) => {
    const { key, message } = await refused(build(`{"id":"${'x'.repeat(2 * MiB)}"}`, validBackup(2)));

    expect(message).toBe(`backup ${key}: line ${lineNumber} is longer than 1048576 bytes`);
  });

  it('when a backup holds more messages or bytes than the store allows, then the import is refused saying so', async () => {
    const fewMessages = new BackupStore(backupDir, { maxLineBytes: MiB, maxTotalBytes: 100 * MiB, maxMessages: 3 });
    const fewBytes = new BackupStore(backupDir, { maxLineBytes: MiB, maxTotalBytes: 20_000, maxMessages: 1000 });
    const backup = validBackup(4);
    backup.messages[3].content = 'y'.repeat(50_000);

    const tooMany = await refused(documentOf(backup), { store: fewMessages });
    const tooBig = await refused(documentOf(backup), { store: fewBytes });

    expect(tooMany.message).toBe(`backup ${tooMany.key}: holds more than 3 messages`);
    expect(tooBig.message).toBe(`backup ${tooBig.key}: holds more than 20000 bytes (at line 5)`);
  });
});

const run = promisify(execFile);

/** How a promisified `execFile` rejects when the process exits with a non-zero code. */
interface ExecFileFailure {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built `import-backup` CLI as `npm run import-backup -- KEY` does. */
async function importCli(key: string, env: Record<string, string>) {
  const processEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', ...env };
  try {
    const { stdout, stderr } = await run('node', ['dist/src/cli/import-backup.js', key], {
      env: processEnv,
      maxBuffer: 10 * MiB,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as ExecFileFailure;
    return { code, stdout, stderr };
  }
}

describe.each(DATABASE_KINDS)('npm run import-backup of a crafted file (%s)', (kind) => {
  const backupDir = mkdtempSync(path.join(tmpdir(), 'ctg-import-cli-'));
  const t = useTestApp(kind, { BACKUP_DIR: backupDir });

  it('when a message line is a 600 MiB gzip bomb (a 630 KB file), then it exits 1 with one line on stderr and writes nothing', async () => {
    const backup = validBackup(1);
    const header = documentOf(backup).split('\n')[0];
    // Gzip members concatenate: 600 copies of 1 MiB of "a", compressed once, make one line longer than V8's longest string.
    const mebibyteOfA = gzipSync(Buffer.alloc(MiB, 'a'));
    const bomb = Buffer.concat([gzipSync(`${header}\n{"id":"`), ...Array.from({ length: 600 }, () => mebibyteOfA)]);
    const key = writeBackupFile(backupDir, bomb, false);
    const before = await totals(t);

    const result = await importCli(key, { DATABASE_URL: t.database.url, BACKUP_DIR: backupDir });

    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: `Error: backup ${key}: line 2 is longer than 1048576 bytes\n`,
    });
    expect(await totals(t)).toEqual(before);
  });

  it('when a message has an unknown role, then it exits 1 with one line naming the message and writes nothing', async () => {
    const backup = validBackup(3);
    backup.messages[2].role = 'admin\r\n    at evil (x.js:1:1)';
    const key = writeBackupFile(backupDir, documentOf(backup));
    const before = await totals(t);

    const result = await importCli(key, { DATABASE_URL: t.database.url, BACKUP_DIR: backupDir });

    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: `Error: backup ${key}, message 3: role: Input should be 'user', 'assistant', 'system' or 'tool', got "admin\\r\\n    at evil (x.js:1:1)"\n`,
    });
    expect(await totals(t)).toEqual(before);
  });
});
