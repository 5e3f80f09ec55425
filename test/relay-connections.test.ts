import { beforeAll, describe, expect, it } from 'vitest';
import { TOTAL_COUNT_CAP } from '../src/pagination/count.js';
import { DATABASE_KINDS } from './support/databases.js';
import {
  insertAuditEntries,
  insertMessages,
  insertThreads,
  minute,
  ordered,
  type ThreadFixture,
} from './support/fixtures.js';
import type { GqlConnection } from './support/graphql-types.js';
import { CONNECTION_FIELDS, expectPagesBothWays, type PagingVariables } from './support/relay.js';
import { dataOf, type TestApp, useTestApp } from './support/test-app.js';
import { bearer } from './support/transports.js';

const PAGING = '$first: Int, $after: String, $last: Int, $before: String';
const PAGE_ARGS = 'first: $first, after: $after, last: $last, before: $before';
const THREADS = `query (${PAGING}, $orderBy: ThreadOrder! = CREATED_AT_DESC, $filter: ThreadFilter) {
  threads(${PAGE_ARGS}, orderBy: $orderBy, filter: $filter) { ${CONNECTION_FIELDS} } }`;
const TRASH = `query (${PAGING}, $orderBy: DeletedThreadOrder! = DELETED_AT_DESC) {
  deletedThreads(${PAGE_ARGS}, orderBy: $orderBy) { ${CONNECTION_FIELDS} } }`;
const MESSAGES = `query ($id: ID!, ${PAGING}) { thread(id: $id) { messages(${PAGE_ARGS}) { ${CONNECTION_FIELDS} } } }`;
const AUDIT = `query ($threadId: ID!, ${PAGING}) { auditEntries(threadId: $threadId, ${PAGE_ARGS}) { ${CONNECTION_FIELDS} } }`;

type Connection = GqlConnection<{ id: string }>;

/** `threads` for a caller, with paging and other variables. */
function threadsOf(t: TestApp, headers: Record<string, string>, variables: Record<string, unknown> = {}) {
  return async (paging: PagingVariables): Promise<Connection> =>
    dataOf(await t.graphql(THREADS, { ...variables, ...paging }, headers)).threads;
}

/** The BAD_USER_INPUT issues of a response, whose data must be `data` (null, or null in place of the failed field). */
function issuesOf(response: Awaited<ReturnType<TestApp['graphql']>>, data: unknown = null) {
  expect(response.body.data ?? null).toEqual(data);
  expect(response.body.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  return response.body.errors?.[0].extensions?.detail;
}

describe.each(DATABASE_KINDS)('Relay connections (%s)', (kind) => {
  const t = useTestApp(kind);

  describe('threads', () => {
    // Paula's live threads: three share a creation minute, and their activity order differs from their creation order.
    const paula: ThreadFixture[] = [
      { id: 'pa0001', owner: 'paula', created: 5, updated: 60 },
      { id: 'pa0002', owner: 'paula', created: 4, updated: 10 },
      { id: 'pa0003', owner: 'paula', created: 4, updated: 70 },
      { id: 'pa0004', owner: 'paula', created: 4, updated: 10 },
      { id: 'pa0005', owner: 'paula', created: 3, updated: 50 },
      { id: 'pa0006', owner: 'paula', created: 2, updated: 20 },
      { id: 'pa0007', owner: 'paula', created: 1, updated: 90 },
    ];
    let headers: Record<string, string>;

    beforeAll(async () => {
      await insertThreads(t, [
        ...paula,
        // Interleaved in time, never in paula's lists: someone else's, and paula's own in the trash.
        { id: 'pa0900', owner: 'someone-else', created: 4, updated: 40 },
        { id: 'pa0901', owner: 'paula', created: 4, updated: 40, deleted: 80 },
      ]);
      headers = await bearer(t, 'paula');
    });

    const created = (row: ThreadFixture) => row.created;
    const updated = (row: ThreadFixture) => row.updated ?? row.created;

    it.each([
      ['CREATED_AT_DESC', created, 'DESC'],
      ['CREATED_AT_ASC', created, 'ASC'],
      ['UPDATED_AT_DESC', updated, 'DESC'],
      ['UPDATED_AT_ASC', updated, 'ASC'],
    ] as const)(
      'when paged in %s forward with first and backward with last, then every page holds the expected threads ' +
        'with all four PageInfo fields, ties broken by id, and totalCount counts them all',
      async (orderBy, key, direction) => {
        const expected = ordered(paula, key, direction);
        const fetch = threadsOf(t, headers, { orderBy });

        for (const size of [1, 2, 3, 7, 8]) await expectPagesBothWays(fetch, expected, size);
      },
    );

    it(
      'when first comes with before, last with after, or both cursors are given, ' +
        'then the page is the window between the cursors, as the Relay algorithm cuts it',
      async () => {
        const expected = ordered(paula, created, 'DESC');
        const cursors = new Map(
          (await threadsOf(t, headers)({ first: 7 })).edges.map((edge) => [edge.node.id, edge.cursor]),
        );
        const cursor = (index: number) => cursors.get(expected[index]);
        const page = async (paging: PagingVariables) => {
          const { edges, pageInfo } = await threadsOf(t, headers)(paging);
          return { ids: edges.map((edge) => edge.node.id), more: [pageInfo.hasPreviousPage, pageInfo.hasNextPage] };
        };

        // first + before: the first two of the rows before index 5.
        expect(await page({ first: 2, before: cursor(5) })).toEqual({ ids: expected.slice(0, 2), more: [false, true] });
        // last + after: the last two of the rows after index 1; nothing lies beyond the end.
        expect(await page({ last: 2, after: cursor(1) })).toEqual({ ids: expected.slice(5, 7), more: [true, false] });
        // Both cursors, first: rows 2 to 4 lie between 1 and 5; row 1 lies before (hasPreviousPage).
        expect(await page({ first: 2, after: cursor(1), before: cursor(5) })).toEqual({
          ids: expected.slice(2, 4),
          more: [true, true],
        });
        expect(await page({ first: 3, after: cursor(1), before: cursor(5) })).toEqual({
          ids: expected.slice(2, 5),
          more: [true, false],
        });
        // Both cursors, last: row 5 lies after (hasNextPage).
        expect(await page({ last: 3, after: cursor(1), before: cursor(5) })).toEqual({
          ids: expected.slice(2, 5),
          more: [false, true],
        });
        // Cursors the wrong way round leave nothing between them.
        expect(await page({ first: 2, after: cursor(5), before: cursor(1) })).toEqual({ ids: [], more: [true, false] });
      },
    );

    it('when the row of an after cursor is deleted, then the next page starts where it was and still has a previous page', async () => {
      await insertThreads(t, [
        { id: 'gone0001', owner: 'gina', created: 3 },
        { id: 'gone0002', owner: 'gina', created: 2 },
        { id: 'gone0003', owner: 'gina', created: 1 },
      ]);
      const gina = await bearer(t, 'gina');
      const first = await threadsOf(t, gina)({ first: 2 });
      await t.graphql('mutation ($id: ID!) { deleteThread(threadId: $id) { status } }', { id: 'gone0002' }, gina);

      const next = await threadsOf(t, gina)({ first: 2, after: first.pageInfo.endCursor });

      expect(next.edges.map((edge) => edge.node.id)).toEqual(['gone0003']);
      expect(next.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
      expect(next.totalCount).toBe(2);
    });

    it(
      `when more than ${TOTAL_COUNT_CAP} threads match, then totalCount stops at ${TOTAL_COUNT_CAP} ` +
        'and totalCountExact turns false; at the cap it is exact',
      async () => {
        const many = Array.from({ length: TOTAL_COUNT_CAP }, (_, index) => ({
          id: `cap${String(index).padStart(6, '0')}`,
          owner: 'cora',
          created: index,
        }));
        await insertThreads(t, many);
        const cora = await bearer(t, 'cora');
        const count = async () => {
          const page = await threadsOf(t, cora)({ first: 1 });
          return [page.totalCount, page.totalCountExact, page.pageInfo.hasNextPage];
        };

        expect(await count()).toEqual([TOTAL_COUNT_CAP, true, true]);
        await insertThreads(t, [{ id: 'cap999999', owner: 'cora', created: -1 }]);
        expect(await count()).toEqual([TOTAL_COUNT_CAP, false, true]);
      },
    );
  });

  describe('deletedThreads', () => {
    const trash: ThreadFixture[] = [
      { id: 'tr0001', owner: 'tess', created: 1, deleted: 30 },
      { id: 'tr0002', owner: 'tess', created: 2, deleted: 20 },
      { id: 'tr0003', owner: 'tess', created: 3, deleted: 30 },
      { id: 'tr0004', owner: 'tess', created: 4, deleted: 10 },
      { id: 'tr0005', owner: 'tess', created: 5, deleted: 30 },
    ];

    beforeAll(async () => {
      await insertThreads(t, [
        ...trash,
        // Never in tess's trash: a live thread, a window that closed, a tombstone, someone else's.
        { id: 'tr0901', owner: 'tess', created: 6 },
        { id: 'tr0902', owner: 'tess', created: 7, deleted: 25, restoreUntil: minute(26) },
        { id: 'tr0903', owner: 'tess', created: 8, deleted: 25, restoreUntil: null },
        { id: 'tr0904', owner: 'someone-else', created: 9, deleted: 25 },
      ]);
    });

    it.each([
      ['DELETED_AT_DESC', 'DESC'],
      ['DELETED_AT_ASC', 'ASC'],
    ] as const)(
      'when the trash is paged in %s both ways, then every page holds the expected threads with all four PageInfo fields',
      async (orderBy, direction) => {
        const headers = await bearer(t, 'tess');
        const fetch = async (paging: PagingVariables) =>
          dataOf(await t.graphql(TRASH, { orderBy, ...paging }, headers)).deletedThreads;
        const expected = ordered(trash, (row) => row.deleted ?? 0, direction);

        for (const size of [1, 2, 5]) await expectPagesBothWays(fetch, expected, size);
      },
    );
  });

  describe('messages', () => {
    it('when messages are paged both ways, then every page holds the expected messages, oldest first, with all four PageInfo fields', async () => {
      await insertThreads(t, [{ id: 'me0001', owner: 'mia', created: 0 }]);
      const messages: [string, number][] = [
        ['msg0001', 1],
        ['msg0002', 2],
        ['msg0003', 2],
        ['msg0004', 2],
        ['msg0005', 3],
        ['msg0006', 4],
        ['msg0007', 5],
      ];
      await insertMessages(t, 'me0001', messages);
      const headers = await bearer(t, 'mia');
      const fetch = async (paging: PagingVariables) => {
        const { thread } = dataOf(await t.graphql(MESSAGES, { id: 'me0001', ...paging }, headers));
        if (!thread) throw new Error('the thread is not found');
        return thread.messages;
      };

      for (const size of [1, 3, 7])
        await expectPagesBothWays(
          fetch,
          messages.map(([id]) => id),
          size,
        );
    });
  });

  describe('auditEntries', () => {
    const entries: [string, number][] = [
      ['au0001', 1],
      ['au0002', 3],
      ['au0003', 3],
      ['au0004', 2],
      ['au0005', 5],
      ['au0006', 4],
    ];

    beforeAll(async () => {
      await insertAuditEntries(t, 'audited-thread', 'otto', entries);
    });

    it('when the trail is paged both ways, then every page holds the expected entries, newest first, with all four PageInfo fields', async () => {
      const headers = await bearer(t, 'otto');
      const fetch = async (paging: PagingVariables) =>
        dataOf(await t.graphql(AUDIT, { threadId: 'audited-thread', ...paging }, headers)).auditEntries;
      const expected = ordered(
        entries.map(([id, at]) => ({ id, at })),
        (entry) => entry.at,
        'DESC',
      );

      for (const size of [1, 4, 6]) await expectPagesBothWays(fetch, expected, size);
    });

    it("when someone else pages a thread's trail, then it is empty with a count of 0; an admin sees all of it", async () => {
      const foreign = dataOf(
        await t.graphql(AUDIT, { threadId: 'audited-thread', last: 3 }, await bearer(t, 'mallory')),
      ).auditEntries;
      const admin = dataOf(
        await t.graphql(AUDIT, { threadId: 'audited-thread', last: 3 }, await bearer(t, 'root', ['admin'])),
      ).auditEntries;

      expect(foreign).toEqual({
        edges: [],
        pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
        totalCount: 0,
        totalCountExact: true,
      });
      // Newest first, au0003 before au0002 at minute 3: the last three are minutes 3, 2 and 1.
      expect(admin.edges.map((edge) => edge.node.id)).toEqual(['au0002', 'au0004', 'au0001']);
      expect(admin.totalCount).toBe(6);
    });
  });

  describe('paging mistakes', () => {
    let headers: Record<string, string>;
    let cursors: Record<string, string>;

    beforeAll(async () => {
      await insertThreads(t, [
        { id: 'mi0001', owner: 'mike', created: 1 },
        { id: 'mi0002', owner: 'mike', created: 2, deleted: 3 },
      ]);
      await insertMessages(t, 'mi0001', [['mimsg001', 1]]);
      headers = await bearer(t, 'mike');
      const cursorOf = (connection: Connection) => connection.edges[0].cursor;
      cursors = {
        threads: cursorOf(dataOf(await t.graphql(THREADS, { first: 1 }, headers)).threads),
        trash: cursorOf(dataOf(await t.graphql(TRASH, { first: 1 }, headers)).deletedThreads),
        messages: cursorOf(defined(dataOf(await t.graphql(MESSAGES, { id: 'mi0001' }, headers)).thread).messages),
      };
    });

    function defined<T>(value: T | null | undefined): T {
      if (value == null) throw new Error('expected a value');
      return value;
    }

    const otherOrder = (loc: string[], input: string, order: string) => [
      {
        type: 'value_error',
        loc,
        msg:
          'Value error, this cursor is a position in another list or order; ' +
          'use a cursor from the same query with the same orderBy, or none',
        input,
        ctx: { order },
      },
    ];

    it('when first and last are both given, then it is BAD_USER_INPUT naming last', async () => {
      expect(issuesOf(await t.graphql(THREADS, { first: 2, last: 2 }, headers))).toEqual([
        {
          type: 'value_error',
          loc: ['last'],
          msg: 'Value error, give first (with after) or last (with before), not both',
          input: 2,
          ctx: { first: 2 },
        },
      ]);
    });

    it.each([
      [THREADS, { last: 0 }, ['last'], 'greater_than_equal', 0, null],
      [THREADS, { last: -3 }, ['last'], 'greater_than_equal', -3, null],
      [THREADS, { first: -1 }, ['first'], 'greater_than_equal', -1, null],
      [TRASH, { last: 101 }, ['last'], 'less_than_equal', 101, null],
      [AUDIT, { threadId: 'x', last: 101 }, ['last'], 'less_than_equal', 101, null],
      // A nested connection fails alone: its nullable parent is null.
      [MESSAGES, { id: 'mi0001', last: 0 }, ['messages', 'last'], 'greater_than_equal', 0, { thread: null }],
    ])(
      'when a page size is out of 1 to 100, then it is BAD_USER_INPUT (%#)',
      async (query, variables, loc, type, input, data) => {
        expect(issuesOf(await t.graphql(query, variables, headers), data)).toEqual([
          expect.objectContaining({ type, loc, input }),
        ]);
      },
    );

    it('when a cursor of one order is used with another orderBy, then it is BAD_USER_INPUT naming the expected order', async () => {
      const response = await t.graphql(
        THREADS,
        { first: 1, after: cursors.threads, orderBy: 'UPDATED_AT_DESC' },
        headers,
      );

      expect(issuesOf(response)).toEqual(otherOrder(['after'], cursors.threads, 'threads:UPDATED_AT_DESC'));
    });

    it('when a cursor of one list is used in another, then it is BAD_USER_INPUT whichever the lists', async () => {
      const inTrash = await t.graphql(TRASH, { last: 1, before: cursors.threads }, headers);
      const inThreads = await t.graphql(THREADS, { first: 1, after: cursors.messages }, headers);
      const inMessages = await t.graphql(MESSAGES, { id: 'mi0001', first: 1, after: cursors.trash }, headers);

      expect(issuesOf(inTrash)).toEqual(otherOrder(['before'], cursors.threads, 'deletedThreads:DELETED_AT_DESC'));
      expect(issuesOf(inThreads)).toEqual(otherOrder(['after'], cursors.messages, 'threads:CREATED_AT_DESC'));
      expect(issuesOf(inMessages, { thread: null })).toEqual(
        otherOrder(['messages', 'after'], cursors.trash, 'messages:CREATED_AT_ASC'),
      );
    });

    it('when before is not a cursor at all, then it is BAD_USER_INPUT naming before', async () => {
      expect(issuesOf(await t.graphql(THREADS, { last: 1, before: 'not-a-cursor' }, headers))).toEqual([
        {
          type: 'value_error',
          loc: ['before'],
          msg: 'Value error, not a cursor returned by this API',
          input: 'not-a-cursor',
        },
      ]);
    });

    it('when a cursor made before cursors named their order is used, then the default order continues from it', async () => {
      const old = Buffer.from(JSON.stringify([minute(2).toISOString(), 'mi0009'])).toString('base64url');

      const page = dataOf(await t.graphql(THREADS, { first: 5, after: old }, headers)).threads;
      const refused = await t.graphql(THREADS, { first: 5, after: old, orderBy: 'CREATED_AT_ASC' }, headers);

      expect(page.edges.map((edge) => edge.node.id)).toEqual(['mi0001']);
      expect(issuesOf(refused)).toEqual(otherOrder(['after'], old, 'threads:CREATED_AT_ASC'));
    });
  });
});
