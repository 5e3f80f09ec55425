import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seedThreads } from '../src/threads/thread.seed.js';
import { countRows } from './support/rows.js';
import { useTestApp } from './support/test-app.js';
import { bearer } from './support/transports.js';

const original = JSON.parse(readFileSync('test/fixtures/original-openapi.json', 'utf8'));

describe('the legacy REST route announces its end (RFC 9745 Deprecation, RFC 8594 Sunset)', () => {
  const t = useTestApp('sqlite', {
    REST_DEPRECATION_DATE: '2026-12-01',
    REST_SUNSET_DATE: '2027-06-30T12:00:00+02:00',
  });

  it('when a delete succeeds, then Deprecation is the configured date as @epoch-seconds and Sunset an HTTP-date', async () => {
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 1, owner: 'alice' });

    const response = await t.rest('DELETE', `/api/chat/threads/${threadId}`, await bearer(t, 'alice'));

    expect(response.status).toBe(200);
    expect(response.headers.get('deprecation')).toBe(`@${Date.UTC(2026, 11, 1) / 1000}`);
    expect(response.headers.get('sunset')).toBe('Wed, 30 Jun 2027 10:00:00 GMT');
    expect(response.headers.get('link')).toBe('</graphql>; rel="successor-version"');
  });
});

describe("a trailing slash on the legacy route (FastAPI's redirect_slashes)", () => {
  const t = useTestApp('sqlite');

  it('when DELETE /api/chat/threads/{id}/ is sent, then it is a 307 to the path without the slash, query kept, empty body, before any auth', async () => {
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 2, owner: 'alice' });

    const response = await fetch(`${t.url}/api/chat/threads/${threadId}/?mode=soft`, {
      method: 'DELETE',
      redirect: 'manual',
    });

    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toBe(`${t.url}/api/chat/threads/${threadId}?mode=soft`);
    expect(response.headers.get('content-length')).toBe('0');
    expect(response.headers.get('content-type')).toBeNull();
    expect(await response.text()).toBe('');
    expect(await countRows(t, threadId)).toEqual({ threads: 1, messages: 2, audit: 0 });
  });

  it.each([
    ['GET, as FastAPI redirects any method', 'GET', 'abc/', '/api/chat/threads/abc'],
    ['several slashes, all stripped', 'DELETE', 'abc///', '/api/chat/threads/abc'],
    ['a percent-encoded id, kept encoded', 'DELETE', 'a%20b%2F/', '/api/chat/threads/a%20b%2F'],
  ])('when the path has %s, then it redirects to the route', async (_name, method, segment, target) => {
    const response = await fetch(`${t.url}/api/chat/threads/${segment}`, { method, redirect: 'manual' });

    expect([response.status, response.headers.get('location')]).toEqual([307, `${t.url}${target}`]);
  });

  it('when a client follows the redirect, then the delete happens at the route', async () => {
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 2, owner: 'alice' });

    const response = await fetch(`${t.url}/api/chat/threads/${threadId}/`, {
      method: 'DELETE',
      headers: await bearer(t, 'alice'),
    });

    expect(response.status).toBe(200);
    expect(response.redirected).toBe(true);
    expect(await countRows(t, threadId)).toEqual({ threads: 0, messages: 0, audit: 1 });
  });

  it.each([
    ['no id at all', '/api/chat/threads//'],
    ['two segments', '/api/chat/threads/a/b/'],
  ])('when the path without its slashes is still no route (%s), then it is 404 Not Found', async (_name, path) => {
    const response = await t.rest('DELETE', path);

    expect([response.status, response.body]).toEqual([404, { detail: 'Not Found' }]);
  });
});

describe('the served OpenAPI description of the legacy route', () => {
  const t = useTestApp('sqlite');

  it('when it describes mode=soft, then it does not call the delete irreversible, and it documents the lifecycle headers', async () => {
    const response = await t.rest<{
      paths: Record<string, { delete: { description: string; responses: Record<string, { headers?: object }> } }>;
    }>('GET', '/openapi.json');
    const operation = response.body.paths['/api/chat/threads/{thread_id}'].delete;

    expect(original.paths['/api/chat/threads/{thread_id}'].delete.description).toContain(
      'all its messages. This action cannot be undone.',
    );
    expect(operation.description).not.toContain('all its messages. This action cannot be undone.');
    expect(operation.description).toContain(
      'By default (`mode=permanent`) the delete is permanent and cannot be undone',
    );
    expect(operation.description).toMatch(
      /with `mode=soft` the thread moves to the trash, from which .*`restoreThread`/,
    );
    expect(Object.keys(operation.responses['200'].headers ?? {})).toEqual(['Deprecation', 'Sunset', 'Link']);
  });
});
