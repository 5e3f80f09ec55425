import { readFileSync } from 'node:fs';
import type { ApolloClient } from '@apollo/client';
import type { Client, OperationResult } from '@urql/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApolloClient, removeDeletedThread } from '../examples/apollo-client.js';
import { DELETE_THREAD } from '../examples/operations.js';
import { createUrqlClient } from '../examples/urql.js';
import type { CachedThreadFragment, DeleteThreadOptions, ThreadsQuery } from '../gql/graphql.js';
import { graphql } from '../gql/index.js';
import { seedThreads } from '../src/threads/thread.seed.js';
import { defined } from './support/assertions.js';
import { DATABASE_KINDS } from './support/databases.js';
import { type TestApp, useTestApp } from './support/test-app.js';

// The README's "Using from Apollo Client / urql" shows examples/apollo-client.ts and examples/urql.ts;
// these tests run those files with the real @apollo/client and urql against the real server, and
// check that the README shows them as they are. The documents are typed by GraphQL Code Generator
// (`npm run codegen`), so the answers' types below are the schema's, not written by hand.

const THREADS = graphql(`
  query Threads($first: Int, $after: String) {
    threads(first: $first, after: $after) {
      edges { cursor node { id title deletedAt } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

const TRASH = graphql(`
  query Trash {
    deletedThreads(first: 10) {
      edges { cursor node { id deletedAt } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

const CACHED_THREAD = graphql(`fragment CachedThread on Thread { id deletedAt }`);

type Update = typeof removeDeletedThread | undefined;

/** The README's client, talking to the running gateway as `userId`. */
async function clientOf(t: TestApp, userId: string): Promise<ApolloClient> {
  return createApolloClient(`${t.url}/graphql`, await t.token(userId));
}

/** The ids the cache lists under `threads` (every page merged), without asking the server. */
function cachedThreadIds(client: ApolloClient): string[] {
  const data = client.readQuery({ query: THREADS });
  return defined(data, 'cached threads').threads.edges.map((edge) => edge.node.id);
}

/** Reads the caller's threads in pages of two, so the cache holds one list merged from several pages. */
async function loadAllPages(client: ApolloClient): Promise<void> {
  let after: string | null = null;
  for (;;) {
    const response: ApolloClient.QueryResult<ThreadsQuery> = await client.query({
      query: THREADS,
      variables: { first: 2, after },
      fetchPolicy: 'network-only',
    });
    const { pageInfo } = defined(response.data, 'a page of threads').threads;
    if (!pageInfo.hasNextPage) return;
    after = pageInfo.endCursor;
  }
}

async function deleteWith(client: ApolloClient, threadId: string, options: DeleteThreadOptions, update: Update) {
  const { data } = await client.mutate({ mutation: DELETE_THREAD, variables: { threadId, options }, update });
  return defined(data, 'deleteThread data').deleteThread;
}

/** The thread as the cache holds it, or null when the cache holds no such thread. */
function cachedThread(client: ApolloClient, id: string): CachedThreadFragment | null {
  return client.cache.readFragment({
    id: client.cache.identify({ __typename: 'Thread', id }),
    fragment: CACHED_THREAD,
  });
}

describe.each(DATABASE_KINDS)("Apollo Client's cache with the README's update after deleteThread (%s)", (kind) => {
  const t = useTestApp(kind);
  let seeded: Record<string, string[]>;

  beforeAll(async () => {
    seeded = {};
    for (const user of ['soft', 'permanent', 'stale', 'dry', 'plain'])
      seeded[user] = await seedThreads(t.app.db, { threads: 3, messagesPerThread: 2, owner: `cache-${user}` });
  });

  it('when a thread listed on a later page is soft-deleted, then no cached list shows it, the cached thread has its deletedAt, and the trash read next lists it', async () => {
    const client = await clientOf(t, 'cache-soft');
    await loadAllPages(client);
    await client.query({ query: TRASH });
    const listed = cachedThreadIds(client);
    const threadId = defined(listed.at(-1), 'the last listed thread');

    const result = await deleteWith(client, threadId, { mode: 'SOFT' }, removeDeletedThread);

    expect(result.outcome).toBe('SOFT_DELETED');
    expect(listed).toHaveLength(3);
    expect(cachedThreadIds(client)).toEqual(listed.slice(0, 2));
    expect(cachedThread(client, threadId)).toEqual({
      __typename: 'Thread',
      id: threadId,
      deletedAt: defined(result.thread, 'the snapshot').deletedAt,
    });
    const trash = await client.query({ query: TRASH });
    expect(defined(trash.data, 'trash').deletedThreads.edges.map((edge) => edge.node.id)).toEqual([threadId]);
  });

  it('when a thread is deleted for good, then no cached list shows it and the cache no longer holds it', async () => {
    const client = await clientOf(t, 'cache-permanent');
    await loadAllPages(client);
    const listed = cachedThreadIds(client);
    const threadId = listed[1];

    const result = await deleteWith(client, threadId, {}, removeDeletedThread);

    expect(result).toMatchObject({ outcome: 'DELETED', thread: null });
    expect(cachedThreadIds(client)).toEqual([listed[0], listed[2]]);
    expect(cachedThread(client, threadId)).toBeNull();
    expect(Object.keys(client.cache.extract() as object)).not.toContain(`Thread:${threadId}`);
  });

  it('when another client deleted the thread first, then the THREAD_NOT_FOUND answer takes it out of this stale cache too', async () => {
    const stale = await clientOf(t, 'cache-stale');
    const other = await clientOf(t, 'cache-stale');
    await loadAllPages(stale);
    const listed = cachedThreadIds(stale);
    await deleteWith(other, listed[0], {}, removeDeletedThread);

    const result = await deleteWith(stale, listed[0], {}, removeDeletedThread);

    expect(result.outcome).toBe('THREAD_NOT_FOUND');
    expect(cachedThreadIds(stale)).toEqual(listed.slice(1));
  });

  it('when the delete is a dry run, then the cached list and thread are left as they were', async () => {
    const client = await clientOf(t, 'cache-dry');
    await loadAllPages(client);
    const listed = cachedThreadIds(client);

    const result = await deleteWith(client, listed[0], { mode: 'SOFT', dryRun: true }, removeDeletedThread);

    expect(result).toMatchObject({ outcome: 'DRY_RUN', thread: { id: listed[0], deletedAt: null } });
    expect(cachedThreadIds(client)).toEqual(listed);
    expect(cachedThread(client, listed[0])).toMatchObject({ deletedAt: null });
  });

  it('when a thread is soft-deleted without the update, then the answer alone sets its deletedAt in the cache, but the cached list still shows it', async () => {
    const client = await clientOf(t, 'cache-plain');
    await loadAllPages(client);
    const listed = cachedThreadIds(client);

    const result = await deleteWith(client, listed[0], { mode: 'SOFT' }, undefined);

    const cached = client.readQuery({ query: THREADS });
    expect(defined(cached, 'cached threads').threads.edges.map((edge) => edge.node)).toContainEqual({
      __typename: 'Thread',
      id: listed[0],
      title: expect.any(String),
      deletedAt: defined(result.thread, 'the snapshot').deletedAt,
    });
  });
});

/** The README's urql client, talking to the running gateway as `userId`. */
async function urqlClientOf(t: TestApp, userId: string): Promise<Client> {
  return createUrqlClient(`${t.url}/graphql`, await t.token(userId));
}

/** Reads the caller's threads in pages of two through urql; returns the ids the cache then lists. */
async function urqlLoadAllPages(client: Client): Promise<string[]> {
  let after: string | null = null;
  for (;;) {
    const response: OperationResult<ThreadsQuery> = await client.query(THREADS, { first: 2, after }).toPromise();
    const { pageInfo } = defined(response.data, `a page of threads (${response.error})`).threads;
    if (!pageInfo.hasNextPage) return urqlCachedThreadIds(client);
    after = pageInfo.endCursor;
  }
}

/** The ids Graphcache lists under `threads` (its pages merged), without asking the server. */
function urqlCachedThreadIds(client: Client): string[] {
  const cached = client.readQuery(THREADS, { first: 2, after: null });
  return defined(cached?.data, 'cached threads').threads.edges.map((edge) => edge.node.id);
}

async function urqlDelete(client: Client, threadId: string, options: DeleteThreadOptions) {
  const response = await client.mutation(DELETE_THREAD, { threadId, options }).toPromise();
  return defined(response.data, `deleteThread data (${response.error})`).deleteThread;
}

describe.each(DATABASE_KINDS)("urql's Graphcache with the README's updates.Mutation.deleteThread (%s)", (kind) => {
  const t = useTestApp(kind);
  let seeded: Record<string, string[]>;

  beforeAll(async () => {
    seeded = {};
    for (const user of ['soft', 'permanent', 'stale', 'dry'])
      seeded[user] = await seedThreads(t.app.db, { threads: 3, messagesPerThread: 2, owner: `urql-${user}` });
  });

  it('when a thread listed on a later page is soft-deleted, then the cached list no longer shows it and the trash read next lists it', async () => {
    const client = await urqlClientOf(t, 'urql-soft');
    const listed = await urqlLoadAllPages(client);
    await client.query(TRASH, {}).toPromise();
    const threadId = defined(listed.at(-1), 'the last listed thread');

    const result = await urqlDelete(client, threadId, { mode: 'SOFT' });

    expect(result.outcome).toBe('SOFT_DELETED');
    expect(listed).toHaveLength(3);
    expect(urqlCachedThreadIds(client)).toEqual(listed.slice(0, 2));
    const trash = await client.query(TRASH, {}).toPromise();
    expect(defined(trash.data, 'trash').deletedThreads.edges.map((edge) => edge.node.id)).toEqual([threadId]);
  });

  it('when a thread is deleted for good, then the cached list no longer shows it', async () => {
    const client = await urqlClientOf(t, 'urql-permanent');
    const listed = await urqlLoadAllPages(client);

    const result = await urqlDelete(client, listed[1], {});

    expect(result.outcome).toBe('DELETED');
    expect(urqlCachedThreadIds(client)).toEqual([listed[0], listed[2]]);
  });

  it('when another client deleted the thread first, then the THREAD_NOT_FOUND answer takes it out of this stale cache too', async () => {
    const stale = await urqlClientOf(t, 'urql-stale');
    const other = await urqlClientOf(t, 'urql-stale');
    const listed = await urqlLoadAllPages(stale);
    await urqlDelete(other, listed[0], {});

    const result = await urqlDelete(stale, listed[0], {});

    expect(result.outcome).toBe('THREAD_NOT_FOUND');
    expect(urqlCachedThreadIds(stale)).toEqual(listed.slice(1));
  });

  it('when the delete is a dry run, then the cached list is left as it was', async () => {
    const client = await urqlClientOf(t, 'urql-dry');
    const listed = await urqlLoadAllPages(client);

    const result = await urqlDelete(client, listed[0], { dryRun: true });

    expect(result.outcome).toBe('DRY_RUN');
    expect(urqlCachedThreadIds(client)).toEqual(listed);
  });
});

describe('the README section "Using from Apollo Client / urql"', () => {
  const readme = readFileSync('README.md', 'utf8');

  it.each(['examples/operations.ts', 'examples/apollo-client.ts', 'examples/urql.ts'])(
    'shows %s exactly as the tests above run it',
    (file) => {
      expect(readme).toContain(`\`\`\`ts\n${readFileSync(file, 'utf8')}\`\`\``);
    },
  );
});
