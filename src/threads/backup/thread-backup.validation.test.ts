// The validation imports type-graphql entities, whose decorators need the metadata polyfill.
import { describe, expect, it } from 'vitest';
import {
  BackupProblem,
  checkTimestamp,
  fieldsOf,
  validBackupMessage,
  validBackupThread,
} from './thread-backup.validation.js';

/** The message of the `BackupProblem` a call throws; any other outcome fails the test. */
function problemOf(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    if (error instanceof BackupProblem) return error.message;
    throw error;
  }
  throw new Error('expected a BackupProblem');
}

const THREAD = {
  id: 'thread-1',
  title: 'Planning',
  projectId: null,
  conversationId: 'conversation-1',
  userId: 'alice',
  createdAt: '2026-01-30T08:00:00.000Z',
  updatedAt: '2026-01-31T09:30:00+02:00',
};

const MESSAGE = {
  id: '01900000-0000-7000-8000-000000000001',
  threadId: 'thread-1',
  role: 'user',
  content: 'hello',
  createdAt: '2026-01-31T10:00:00Z',
};

describe('checkTimestamp', () => {
  it.each([
    '2026-01-31T12:00:00.000Z',
    '2026-01-31T12:00:00Z',
    '2026-01-31T12:00:00.123456789Z',
    '2026-01-31T12:00:00+05:30',
    '2024-02-29T00:00:00Z',
    '1970-01-01T00:00:00Z',
    '9999-12-31T23:59:59.999Z',
  ])('when the value is %j, then it passes', (value) => {
    expect(checkTimestamp(value, ['createdAt'])).toBeNull();
  });

  it.each([
    ['no zone', '2026-01-31T12:00:00'],
    ['only a date', '2026-01-31'],
    ['February 29 of a common year', '2026-02-29T00:00:00Z'],
    ['April 31', '2026-04-31T00:00:00Z'],
    ['month 13', '2026-13-01T00:00:00Z'],
    ['day 0', '2026-01-00T00:00:00Z'],
    ['hour 24', '2026-01-31T24:00:00Z'],
    ['second 60', '2026-01-31T23:59:60Z'],
    ['an offset of 24 hours', '2026-01-31T12:00:00+24:00'],
    ['a year before 1970', '1969-12-31T23:59:59Z'],
    ['a time that is 1969 in UTC', '1970-01-01T00:30:00+01:00'],
    ['a space instead of T', '2026-01-31 12:00:00Z'],
  ])('when the value has %s, then the datetime_parsing issue names it', (_, value) => {
    expect(checkTimestamp(value, ['createdAt'])).toEqual({
      type: 'datetime_parsing',
      loc: ['createdAt'],
      msg: 'Input should be an ISO 8601 date and time from 1970 to 9999, such as 2026-01-31T12:00:00.000Z',
      input: value,
    });
  });
});

describe('fieldsOf', () => {
  it('when every required field and some optional ones are there, then the object is returned as it is', () => {
    const value = { a: 1, b: null, c: 'x' };

    expect(fieldsOf(value, ['a', 'b'], ['c', 'd'])).toBe(value);
  });

  it.each([
    ['null', null, 'should be a JSON object, not null'],
    ['a list', [1], 'should be a JSON object, not an array'],
    ['a string', 'a', 'should be a JSON object, not a string'],
    ['an object with an unknown field', { a: 1, z: 2 }, 'unknown field "z"'],
    ['an object missing a field', { c: 1 }, 'missing field "a"'],
  ])('when the value is %s, then the problem says so', (_, value, message) => {
    expect(problemOf(() => fieldsOf(value, ['a'], ['c']))).toBe(message);
  });

  it(
    'when an unknown field name is long or holds control characters, ' +
      'then it is echoed quoted and cut to 100 characters',
    () => {
      const name = `\n${'n'.repeat(150)}`;

      expect(problemOf(() => fieldsOf({ [name]: 1 }, []))).toBe(
        `unknown field ${JSON.stringify(name.slice(0, 100))}... (151 characters)`,
      );
    },
  );
});

describe('validBackupThread', () => {
  it('when the thread is valid, then a copy with the same fields is returned', () => {
    const thread = validBackupThread(THREAD);

    expect(thread).toEqual(THREAD);
    expect(thread).not.toBe(THREAD);
  });

  it.each([
    ['an empty title', { title: '' }, 'title: String should have at least 1 character, got ""'],
    ['a numeric title', { title: 5 }, 'title: should be a string, not a number'],
    ['an id with a newline', { id: 'a\nb' }, 'id: String should match pattern \'^[^\\x00-\\x1F\\x7F]+$\', got "a\\nb"'],
    [
      'a reserved owner',
      { userId: 'system:x' },
      'userId: Value error, owners starting with "system:" are reserved for the gateway\'s own actors, got "system:x"',
    ],
    [
      'a project id of 129 characters',
      { projectId: 'p'.repeat(129) },
      'projectId: String should have at most 128 characters, ' +
        `got ${JSON.stringify('p'.repeat(100))}... (129 characters)`,
    ],
  ])('when the thread has %s, then the problem names the field and the rule', (_, change, message) => {
    expect(problemOf(() => validBackupThread({ ...THREAD, ...change }))).toBe(message);
  });
});

describe('validBackupMessage', () => {
  it('when the message is valid, then it is returned with the thread id of the backup', () => {
    const { threadId: _, ...withoutThread } = MESSAGE;

    expect(validBackupMessage(MESSAGE, 'thread-1')).toEqual(MESSAGE);
    expect(validBackupMessage(withoutThread, 'thread-1')).toEqual(MESSAGE);
  });

  it.each([
    [
      'another thread id',
      { threadId: 'thread-2' },
      'threadId: should be the backup\'s thread "thread-1", got "thread-2"',
    ],
    [
      'an id of 37 characters',
      { id: 'i'.repeat(37) },
      `id: String should have at most 36 characters, got "${'i'.repeat(37)}"`,
    ],
    ['empty content', { content: '' }, 'content: String should have at least 1 character, got ""'],
    [
      'an unknown role',
      { role: 'robot' },
      "role: Input should be 'user', 'assistant', 'system' or 'tool', got \"robot\"",
    ],
    ['an extra field', { deletedAt: null }, 'unknown field "deletedAt"'],
  ])('when the message has %s, then the problem names the field and the rule', (_, change, message) => {
    expect(problemOf(() => validBackupMessage({ ...MESSAGE, ...change }, 'thread-1'))).toBe(message);
  });
});
