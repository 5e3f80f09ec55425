// The validation it uses imports type-graphql entities, whose decorators need the metadata polyfill.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BACKUP_FORMAT,
  BACKUP_READ_LIMITS,
  BACKUP_VERSION,
  BackupFormatError,
  type BackupMessage,
  type BackupReadLimits,
  BackupStore,
  type BackupThread,
} from './thread-backup.store.js';

const KEY = '2026-01-31/01900000-0000-7000-8000-000000000001.json.gz';
const EXPORTED_AT = '2026-01-31T12:00:00.000Z';

const THREAD: BackupThread = {
  id: 'thread-1',
  title: 'Planning',
  projectId: 'project-1',
  conversationId: null,
  userId: 'alice',
  createdAt: '2026-01-30T08:00:00.000Z',
  updatedAt: '2026-01-31T09:30:00.000Z',
};

const message = (n: number, content = `message ${n}`): BackupMessage => ({
  id: `01900000-0000-7000-8000-00000000000${n}`,
  threadId: THREAD.id,
  role: n % 2 === 0 ? 'assistant' : 'user',
  content,
  createdAt: `2026-01-31T10:00:0${n}.000Z`,
});

const M1 = message(1);
const M2 = message(2);
const M3 = message(3);

/** The first line of a backup, as `write` makes it; `fields` replace or add header fields. */
function headerLine(fields: Record<string, unknown> = {}): string {
  const header = { format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt: EXPORTED_AT, thread: THREAD, ...fields };
  return `${JSON.stringify(header).slice(0, -1)},"messages":[`;
}

/** Message lines, a comma after all but the last, as `write` makes them. */
const messageLines = (...messages: unknown[]) =>
  messages.map((item, i) => `${JSON.stringify(item)}${i < messages.length - 1 ? ',' : ''}`);

const endLine = (count: unknown) => `],"messageCount":${JSON.stringify(count)}}`;

/** A whole, valid backup of THREAD holding `messages`. */
const documentOf = (...messages: BackupMessage[]) => [
  headerLine(),
  ...messageLines(...messages),
  endLine(messages.length),
];

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'backup-store-test-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes `lines` (joined, newline-ended) or raw bytes as the backup file of KEY, gzipped unless told not to. */
async function plant(lines: string[] | Buffer, gzip = true): Promise<void> {
  const raw = Array.isArray(lines) ? Buffer.from(`${lines.join('\n')}\n`) : lines;
  const file = path.join(dir, KEY);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, gzip ? gzipSync(raw) : raw);
}

/** Everything a reader yields for `key`, the reader closed whatever happens. */
async function readAll(store: BackupStore, key = KEY) {
  const reader = await store.read(key);
  try {
    const messages: BackupMessage[] = [];
    for await (const item of reader.messages()) messages.push(item);
    return { thread: reader.thread, exportedAt: reader.exportedAt, messages };
  } finally {
    reader.close();
  }
}

/** How reading `key` fails: the error's class (BackupFormatError or other) and its message. */
async function failureOf(store: BackupStore, key = KEY) {
  try {
    await readAll(store, key);
  } catch (error) {
    if (error instanceof BackupFormatError) return { BackupFormatError: error.message };
    return { other: error instanceof Error ? error.message : error };
  }
  return { succeeded: true };
}

const formatError = (message: string) => ({ BackupFormatError: message });

async function* pagesOf(...pages: BackupMessage[][]): AsyncGenerator<BackupMessage[]> {
  yield* pages;
}

describe('BackupStore writing and reading', () => {
  it(
    'when a thread is written in pages, ' + 'then reading its key gives back the thread and every message in order',
    async () => {
      const store = new BackupStore(dir);

      const key = await store.write(THREAD, pagesOf([M1, M2], [], [M3]));

      expect(key).toMatch(/^\d{4}-\d{2}-\d{2}\/[0-9a-f-]{36}\.json\.gz$/);
      const read = await readAll(store, key);
      expect(read.thread).toEqual(THREAD);
      expect(read.messages).toEqual([M1, M2, M3]);
      expect(new Date(read.exportedAt).toISOString()).toBe(read.exportedAt);
    },
  );

  it(
    'when a thread is written, ' +
      'then the file is one JSON document with one message a line and the count at the end',
    async () => {
      const store = new BackupStore(dir);

      const key = await store.write(THREAD, pagesOf([M1, M2], [M3]));

      const text = gunzipSync(await readFile(store.pathOf(key))).toString('utf8');
      const lines = text.split('\n');
      expect(lines.slice(1)).toEqual([
        `${JSON.stringify(M1)},`,
        `${JSON.stringify(M2)},`,
        JSON.stringify(M3),
        '],"messageCount":3}',
        '',
      ]);
      expect(JSON.parse(text)).toEqual({
        format: BACKUP_FORMAT,
        version: BACKUP_VERSION,
        exportedAt: expect.any(String),
        thread: THREAD,
        messages: [M1, M2, M3],
        messageCount: 3,
      });
    },
  );

  it('when a thread without messages is written, then it reads back with no messages', async () => {
    const store = new BackupStore(dir);

    const key = await store.write(THREAD, pagesOf());

    expect((await readAll(store, key)).messages).toEqual([]);
  });

  it('when the messages fail while writing, then the error is passed on and no file is left behind', async () => {
    const store = new BackupStore(dir);
    const broken = new Error('database went away');
    async function* failing(): AsyncGenerator<BackupMessage[]> {
      yield [M1];
      throw broken;
    }

    await expect(store.write(THREAD, failing())).rejects.toBe(broken);

    const [day] = await readdir(dir);
    expect(await readdir(path.join(dir, day))).toEqual([]);
  });

  it('when a reader is closed twice, then nothing is thrown', async () => {
    await plant(documentOf(M1));
    const reader = await new BackupStore(dir).read(KEY);

    reader.close();
    expect(() => reader.close()).not.toThrow();
  });
});

describe('BackupStore keys', () => {
  it.each([
    '../../etc/passwd',
    '/etc/passwd',
    `../${KEY}`,
    `nested/${KEY}`,
    '2026-01-31/../01900000-0000-7000-8000-000000000001.json.gz',
    '2026-01-31/01900000-0000-7000-8000-00000000000A.json.gz',
    '2026-01-31/01900000-0000-7000-8000-000000000001.json',
    `${KEY}.partial`,
  ])('when the key is %j, then it is refused as not a backup key, also by read', async (key) => {
    const store = new BackupStore(dir);

    expect(() => store.pathOf(key)).toThrow(new Error(`not a backup key: ${JSON.stringify(key)}`));
    await expect(store.read(key)).rejects.toThrow(new Error(`not a backup key: ${JSON.stringify(key)}`));
  });

  it('when the key is one the store makes, then it is a path inside the folder', () => {
    expect(new BackupStore(dir).pathOf(KEY)).toBe(
      path.join(dir, '2026-01-31', '01900000-0000-7000-8000-000000000001.json.gz'),
    );
  });
});

describe('BackupStore reading a damaged or crafted file', () => {
  const store = () => new BackupStore(dir);

  it('when the file is valid, then the checks pass (the baseline of the cases below)', async () => {
    await plant(documentOf(M1, M2));

    expect(await readAll(store())).toEqual({ thread: THREAD, exportedAt: EXPORTED_AT, messages: [M1, M2] });
  });

  it('when the file is empty, then the header is missing', async () => {
    await plant(Buffer.alloc(0));

    expect(await failureOf(store())).toEqual(formatError(`backup ${KEY}, header: the file is empty`));
  });

  it('when the file is not gzip, then it cannot be decompressed', async () => {
    await plant(Buffer.from(`${documentOf(M1).join('\n')}\n`), false);

    expect(await failureOf(store())).toEqual(
      formatError(`backup ${KEY}: cannot be decompressed (incorrect header check)`),
    );
  });

  it('when the gzip stream is cut short, then it cannot be decompressed', async () => {
    const whole = gzipSync(Buffer.from(`${documentOf(M1, M2, M3).join('\n')}\n`));
    await plant(whole.subarray(0, whole.length - 10), false);

    expect(await failureOf(store())).toEqual(
      formatError(`backup ${KEY}: cannot be decompressed (unexpected end of file)`),
    );
  });

  it('when the document stops after a message, then it is truncated, naming the last message read', async () => {
    await plant([headerLine(), `${JSON.stringify(M1)},`, `${JSON.stringify(M2)},`]);

    expect(await failureOf(store())).toEqual(formatError(`backup ${KEY} is truncated: no end after message 2`));
  });

  it('when the document stops after the header, then it is truncated after message 0', async () => {
    await plant([headerLine()]);

    expect(await failureOf(store())).toEqual(formatError(`backup ${KEY} is truncated: no end after message 0`));
  });

  it('when the end declares more messages than the file holds, then the counts are named', async () => {
    await plant([headerLine(), ...messageLines(M1, M2), endLine(3)]);

    expect(await failureOf(store())).toEqual(formatError(`backup ${KEY}, end: says 3 messages but holds 2`));
  });

  it('when the end declares fewer messages than the file holds, then the counts are named', async () => {
    await plant([headerLine(), ...messageLines(M1, M2), endLine(1)]);

    expect(await failureOf(store())).toEqual(formatError(`backup ${KEY}, end: says 1 messages but holds 2`));
  });

  it.each([
    ['negative', -1],
    ['a fraction', 1.5],
    ['a string', '1'],
    ['null', null],
  ])('when messageCount is %s, then it should be a whole number', async (_, count) => {
    await plant([headerLine(), ...messageLines(M1), endLine(count)]);

    expect(await failureOf(store())).toEqual(formatError(`backup ${KEY}, end: messageCount: should be a whole number`));
  });

  it('when the end holds another field, then it is named', async () => {
    await plant([headerLine(), ...messageLines(M1), '],"messageCount":1,"extra":true}']);

    expect(await failureOf(store())).toEqual(formatError(`backup ${KEY}, end: unknown field "extra"`));
  });

  it('when the end is not JSON, then it says so', async () => {
    await plant([headerLine(), ...messageLines(M1), '],"messageCount":1']);

    expect(await failureOf(store())).toEqual(formatError(`backup ${KEY}, end: is not valid JSON`));
  });

  it('when anything follows the end, then it is data after the end of the document', async () => {
    await plant([...documentOf(M1), '{}']);

    expect(await failureOf(store())).toEqual(formatError(`backup ${KEY}: data after the end of the document`));
  });

  it.each([
    ['another format', { format: 'something-else' }],
    ['another version', { version: 2 }],
  ])('when the header names %s, then the file is not a backup of this version', async (_, fields) => {
    await plant([headerLine(fields), endLine(0)]);

    expect(await failureOf(store())).toEqual(
      formatError(`backup ${KEY}, header: not a chat-thread-gateway/thread-backup v1 file`),
    );
  });

  it('when the header is not JSON, then the file is not a backup', async () => {
    await plant(['{"format":', endLine(0)]);

    expect(await failureOf(store())).toEqual(formatError(`backup ${KEY}, header: is not valid JSON`));
  });

  it('when the first message shares the header line, then messages should start on the next line', async () => {
    await plant([`${headerLine()}${JSON.stringify(M1)}`, endLine(1)]);

    expect(await failureOf(store())).toEqual(
      formatError(`backup ${KEY}, header: messages should start on the next line`),
    );
  });

  it('when the header holds another field, then it is named', async () => {
    await plant([headerLine({ extra: 1 }), endLine(0)]);

    expect(await failureOf(store())).toEqual(formatError(`backup ${KEY}, header: unknown field "extra"`));
  });

  it('when exportedAt is not a timestamp, then the rule and the value are named', async () => {
    await plant([headerLine({ exportedAt: '2026-02-30T00:00:00Z' }), endLine(0)]);

    expect(await failureOf(store())).toEqual(
      formatError(
        `backup ${KEY}, header: exportedAt: Input should be an ISO 8601 date and time from 1970 to 9999, ` +
          'such as 2026-01-31T12:00:00.000Z, got "2026-02-30T00:00:00Z"',
      ),
    );
  });

  it("when the thread's owner is one of the gateway's own actors, then it is refused", async () => {
    await plant([headerLine({ thread: { ...THREAD, userId: 'system:purge' } }), endLine(0)]);

    expect(await failureOf(store())).toEqual(
      formatError(
        `backup ${KEY}, thread: userId: Value error, owners starting with "system:" are reserved ` +
          `for the gateway's own actors, got "system:purge"`,
      ),
    );
  });

  it('when the thread lacks a field, then it is named', async () => {
    const { title: _, ...untitled } = THREAD;
    await plant([headerLine({ thread: untitled }), endLine(0)]);

    expect(await failureOf(store())).toEqual(formatError(`backup ${KEY}, thread: missing field "title"`));
  });

  it('when a message is not JSON, then its number is named', async () => {
    await plant([headerLine(), `${JSON.stringify(M1)},`, '{"id":', endLine(2)]);

    expect(await failureOf(store())).toEqual(formatError(`backup ${KEY}, message 2: is not valid JSON`));
  });

  it('when a message belongs to another thread, then both threads are named', async () => {
    await plant([headerLine(), ...messageLines({ ...M1, threadId: 'thread-2' }), endLine(1)]);

    expect(await failureOf(store())).toEqual(
      formatError(`backup ${KEY}, message 1: threadId: should be the backup's thread "thread-1", got "thread-2"`),
    );
  });

  it('when a message breaks an API rule, then the rule and the value are named', async () => {
    await plant([headerLine(), ...messageLines(M1, { ...M2, role: 'robot' }), endLine(2)]);

    expect(await failureOf(store())).toEqual(
      formatError(
        `backup ${KEY}, message 2: role: Input should be 'user', 'assistant', 'system' or 'tool', got "robot"`,
      ),
    );
  });

  it('when a message has no threadId, then it takes the thread of the backup', async () => {
    const { threadId: _, ...withoutThread } = M1;
    await plant([headerLine(), ...messageLines(withoutThread), endLine(1)]);

    expect((await readAll(store())).messages).toEqual([M1]);
  });
});

describe('BackupStore reading within limits', () => {
  const store = () => new BackupStore(dir);
  const limited = (limits: Partial<BackupReadLimits>) => new BackupStore(dir, { ...BACKUP_READ_LIMITS, ...limits });

  it('when the file holds exactly maxMessages messages, then it is read', async () => {
    await plant(documentOf(M1, M2));

    expect((await readAll(limited({ maxMessages: 2 }))).messages).toEqual([M1, M2]);
  });

  it('when the file holds more than maxMessages messages, then it stops at the first one too many', async () => {
    await plant(documentOf(M1, M2, M3));

    expect(await failureOf(limited({ maxMessages: 2 }))).toEqual(
      formatError(`backup ${KEY}: holds more than 2 messages`),
    );
  });

  it('when a line is longer than maxLineBytes, then its number is named', async () => {
    const long = message(2, 'x'.repeat(1000));
    await plant(documentOf(M1, long));

    expect(await failureOf(limited({ maxLineBytes: 800 }))).toEqual(
      formatError(`backup ${KEY}: line 3 is longer than 800 bytes`),
    );
  });

  it('when the file decompresses to more than maxTotalBytes, then it stops', async () => {
    const lines = documentOf(M1, M2);
    await plant(lines);
    const size = Buffer.byteLength(`${lines.join('\n')}\n`);

    expect(await failureOf(limited({ maxTotalBytes: size - 1 }))).toEqual(
      formatError(`backup ${KEY}: holds more than ${size - 1} bytes (at line 1)`),
    );
    expect((await readAll(limited({ maxTotalBytes: size }))).messages).toEqual([M1, M2]);
  });

  it('when a line is not UTF-8, then its number is named', async () => {
    const header = Buffer.from(`${headerLine()}\n`);
    await plant(Buffer.concat([header, Buffer.from([0x7b, 0xff, 0x7d, 0x0a]), Buffer.from(`${endLine(1)}\n`)]));

    expect(await failureOf(store())).toEqual(formatError(`backup ${KEY}: line 2 is not valid UTF-8`));
  });
});
