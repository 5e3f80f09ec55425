import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputValidationError } from '../src/errors.js';
import { parseStringMap } from '../src/graphql/string-map.scalar.js';
import { requestMetaFrom } from '../src/http/request-context.js';
import { seedThreads } from '../src/threads/thread.seed.js';
import { checkThreadId, codePointLength } from '../src/validation.js';
import { DATABASE_KINDS } from './support/databases.js';
import { countRows } from './support/rows.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { bearer, DELETE_MUTATION, deleteVia } from './support/transports.js';

/** Strings as hostile as they come: any code point, lone surrogates, controls, very long. */
const anyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ maxLength: 20 }),
);
/** Header values an HTTP client can send: tab, visible ASCII and space, Latin-1 (not DEL, which fetch refuses). */
const headerChar = fc
  .oneof(fc.constant('\t'), fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }))
  .map((c) => (typeof c === 'string' ? c : String.fromCharCode(c)));
const headerString = fc.string({ unit: headerChar, maxLength: 300 }).filter((value) => value.trim() === value);

/** Whether `text` holds a C0 control character (U+0000 to U+001F) or DEL (U+007F), UTF-16 unit by unit. */
function hasControlCharacter(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    if (unit <= 0x1f || unit === 0x7f) return true;
  }
  return false;
}

describe('properties of the pure rules', () => {
  it('a thread id is accepted exactly when it has 1 to 128 code points and no control character', () => {
    fc.assert(
      fc.property(anyString, (id) => {
        const issue = checkThreadId(id, ['id']);
        const valid = codePointLength(id) >= 1 && codePointLength(id) <= 128 && !hasControlCharacter(id);
        expect(issue === null).toBe(valid);
        if (issue) expect(issue.loc).toEqual(['id']);
      }),
      { numRuns: 2000 },
    );
  });

  it('StringMap accepts exactly the objects of at most 100 strings (keys 1-128 characters without controls, values up to 1,024 without NUL), and rejects anything else with a validation error', () => {
    const validKey = (key: string) =>
      codePointLength(key) >= 1 && codePointLength(key) <= 128 && !hasControlCharacter(key);
    const validValue = (entry: unknown) =>
      typeof entry === 'string' && codePointLength(entry) <= 1024 && !entry.includes('\u0000');
    const maps = fc.oneof(
      fc.jsonValue(),
      fc.dictionary(anyString, fc.oneof(anyString, fc.string({ minLength: 1020, maxLength: 1030 }))),
    );
    fc.assert(
      fc.property(maps, (value) => {
        const valid =
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.keys(value).length <= 100 &&
          Object.entries(value).every(([key, entry]) => validKey(key) && validValue(entry));
        if (valid) expect({ ...parseStringMap(value) }).toEqual(value);
        else expect(() => parseStringMap(value)).toThrow(InputValidationError);
      }),
      { numRuns: 2000 },
    );
  });

  it('headers become request fields only when safe (request ids: letters, digits and ._:-; others: printable) and at most 128 characters; anything else is dropped or replaced', () => {
    fc.assert(
      fc.property(headerString, headerString, headerString, (requestId, correlation, traceparent) => {
        const meta = requestMetaFrom({ 'x-request-id': requestId, 'x-correlation-id': correlation, traceparent });
        expect(meta.requestId).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
        expect(meta.correlationId ?? 'x').toMatch(/^[\x20-\x7e]{1,128}$/);
        expect(meta.traceId).toMatch(/^[0-9a-f]{32}$/);
        if (/^[A-Za-z0-9._:-]{1,128}$/.test(requestId.trim())) expect(meta.requestId).toBe(requestId.trim());
      }),
      { numRuns: 2000 },
    );
  });
});

describe.each(DATABASE_KINDS)('properties over HTTP (%s)', (kind) => {
  let t: TestApp;
  let alice: Record<string, string>;
  let threadId: string;
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onRejection);
    t = await startTestApp(kind);
    alice = await bearer(t, 'alice');
    [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 2, owner: 'alice' });
  });
  afterAll(async () => {
    process.off('unhandledRejection', onRejection);
    await t?.close();
  });

  it('no thread id, over GraphQL or REST, produces a 500 or deletes a thread it does not name', async () => {
    await fc.assert(
      fc.asyncProperty(anyString, async (id) => {
        for (const transport of ['graphql', 'rest'] as const) {
          const call = await deleteVia(transport, t, id, alice);
          expect(call.status).toBeLessThan(500);
          expect(['BAD_USER_INPUT', 'THREAD_NOT_FOUND']).toContain(call.outcome);
        }
      }),
      { numRuns: 150 },
    );
    expect(await countRows(t, threadId)).toEqual({ threads: 1, messages: 2, audit: 0 });
    expect(rejections).toEqual([]);
  });

  it('no JSON value as labels produces a 500: either BAD_USER_INPUT or a dry-run result echoing it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 3 }), async (labels) => {
        const response = await t.graphql(
          DELETE_MUTATION,
          { threadId, options: { dryRun: true, customMetadata: { labels } } },
          alice,
        );
        expect(response.status).toBeLessThan(500);
        if (response.body.errors) expect(response.body.errors[0].extensions?.code).toBe('BAD_USER_INPUT');
        else expect(response.body.data?.deleteThread.customMetadata?.labels).toEqual(labels);
      }),
      { numRuns: 150 },
    );
    expect(await countRows(t, threadId)).toEqual({ threads: 1, messages: 2, audit: 0 });
    expect(rejections).toEqual([]);
  });

  it('no header values produce a 500, and a request id comes back on every response', async () => {
    await fc.assert(
      fc.asyncProperty(
        headerString,
        headerString,
        headerString,
        headerString,
        async (requestId, traceparent, session, client) => {
          const headers = {
            ...alice,
            'x-request-id': requestId,
            traceparent,
            'x-session-id': session,
            'x-client-version': client,
          };
          const call = await deleteVia('graphql', t, 'no-such-thread', headers);
          expect(call.status).toBe(200);
          expect(call.headers.get('x-request-id')).toMatch(/^[\x20-\x7e]{1,128}$/);
          expect(call.result?.traceId).toMatch(/^[0-9a-f]{32}$/);
        },
      ),
      { numRuns: 150 },
    );
    expect(rejections).toEqual([]);
  });
});
