import type { SelectQueryBuilder } from 'typeorm';
import { beforeAll, describe, expect, it } from 'vitest';
import { seek } from '../src/pagination/keyset.js';
import { firstPage } from '../src/pagination/page.js';
import { Thread } from '../src/threads/thread.entity.js';
import { adminReadPath, applyThreadFilter, THREAD_ORDERS } from '../src/threads/thread.search.js';
import { DATABASE_KINDS } from './support/databases.js';
import { insertThreads, minute, ordered, type ThreadFixture } from './support/fixtures.js';
import { CONNECTION_FIELDS, expectPagesBothWays, type PagingVariables } from './support/relay.js';
import { dataOf, type TestApp, useTestApp } from './support/test-app.js';
import { bearer } from './support/transports.js';

const THREADS = `query ($first: Int, $after: String, $last: Int, $before: String, $filter: ThreadFilter,
  $orderBy: ThreadOrder! = CREATED_AT_DESC, $projectId: String) {
  threads(first: $first, after: $after, last: $last, before: $before, filter: $filter, orderBy: $orderBy,
    projectId: $projectId) { ${CONNECTION_FIELDS} } }`;
const TRASH = `query ($filter: ThreadFilter, $orderBy: DeletedThreadOrder! = DELETED_AT_DESC) {
  deletedThreads(filter: $filter, orderBy: $orderBy) { ${CONNECTION_FIELDS} } }`;

// Sara's threads: titles with different cases, LIKE's metacharacters and a non-ASCII capital.
const SARA: ThreadFixture[] = [
  { id: 's01', owner: 'sara', created: 10, updated: 100, title: 'Planning the offsite', projectId: 'work' },
  { id: 's02', owner: 'sara', created: 20, updated: 30, title: 'plan B for the launch', projectId: 'work' },
  { id: 's03', owner: 'sara', created: 30, updated: 40, title: 'PLANET earth notes' },
  { id: 's04', owner: 'sara', created: 40, updated: 50, title: '100% done', projectId: 'home' },
  { id: 's05', owner: 'sara', created: 50, updated: 60, title: '100 percent', projectId: 'home' },
  { id: 's06', owner: 'sara', created: 60, title: 'a_b test' },
  { id: 's07', owner: 'sara', created: 70, title: 'axb test' },
  { id: 's08', owner: 'sara', created: 80, title: 'back\\slash' },
  { id: 's09', owner: 'sara', created: 90, title: 'backslash' },
  { id: 's10', owner: 'sara', created: 100, title: "École d'été" },
];

describe.each(DATABASE_KINDS)('thread search (%s)', (kind) => {
  const t = useTestApp(kind);
  let sara: Record<string, string>;

  beforeAll(async () => {
    await insertThreads(t, [
      ...SARA,
      // Never in sara's threads: one in her trash, one of someone else's.
      { id: 's11', owner: 'sara', created: 110, title: 'Planning archive', projectId: 'work', deleted: 120 },
      { id: 's12', owner: 'sam', created: 120, title: 'Planning secret', projectId: 'work' },
    ]);
    sara = await bearer(t, 'sara');
  });

  const search = async (variables: Record<string, unknown>, headers = sara) => {
    const { threads } = dataOf(await t.graphql(THREADS, { first: 100, ...variables }, headers));
    expect(threads.totalCount).toBe(threads.edges.length);
    return threads.edges.map((edge) => edge.node.id);
  };
  const issuesOf = async (variables: Record<string, unknown>) => {
    const response = await t.graphql(THREADS, variables, sara);
    expect(response.body.data ?? null).toBeNull();
    expect(response.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    return response.body.errors?.[0].extensions?.detail;
  };

  it("when the title is searched, then every live thread of the caller's that contains it, in any case, is found", async () => {
    expect(await search({ filter: { titleContains: 'plan' } })).toEqual(['s03', 's02', 's01']);
    expect(await search({ filter: { titleContains: 'PLANNING THE' } })).toEqual(['s01']);
    expect(await search({ filter: { titleContains: 'nothing like it' } })).toEqual([]);
  });

  it.each([
    // Unescaped, each would match more: `%` anything, `_` any character, `\` would escape the next one.
    ['100%', ['s04']],
    ['100% d', ['s04']],
    ['a_b test', ['s06']],
    ['back\\s', ['s08']],
    ['100', ['s05', 's04']],
  ])('when the search term is %j, then LIKE metacharacters in it match only themselves', async (term, ids) => {
    expect(await search({ filter: { titleContains: term } })).toEqual(ids);
  });

  it('when a non-ASCII letter is searched in another case, then PostgreSQL folds it and SQLite (ASCII only) does not', async () => {
    expect(await search({ filter: { titleContains: 'cole d' } })).toEqual(['s10']);
    expect(await search({ filter: { titleContains: 'école' } })).toEqual(kind === 'postgres' ? ['s10'] : []);
  });

  it('when filtered by project, then only its threads come, through the filter or the deprecated argument', async () => {
    expect(await search({ filter: { projectId: 'work' } })).toEqual(['s02', 's01']);
    expect(await search({ projectId: 'home' })).toEqual(['s05', 's04']);
  });

  it('when filtered by creation or update time, then From is inclusive and Before exclusive', async () => {
    expect(await search({ filter: { createdFrom: minute(20), createdBefore: minute(50) } })).toEqual([
      's04',
      's03',
      's02',
    ]);
    expect(await search({ filter: { updatedFrom: minute(40), updatedBefore: minute(60) } })).toEqual(['s04', 's03']);
    expect(await search({ filter: { createdFrom: minute(100) } })).toEqual(['s10']);
    expect(await search({ filter: { updatedBefore: minute(30) } })).toEqual([]);
  });

  it('when conditions are combined with an order, then every one holds and the order is kept across pages', async () => {
    const filter = { titleContains: 'plan', projectId: 'work', updatedFrom: minute(30) };
    expect(await search({ filter, orderBy: 'UPDATED_AT_DESC' })).toEqual(['s01', 's02']);

    const matching = SARA.filter((row) => row.created >= 20 && row.created < 100);
    const expected = ordered(matching, (row) => row.updated ?? row.created, 'ASC');
    const range = { createdFrom: minute(20), createdBefore: minute(100) };
    const fetch = async (paging: PagingVariables) =>
      dataOf(await t.graphql(THREADS, { filter: range, orderBy: 'UPDATED_AT_ASC', ...paging }, sara)).threads;
    expect(expected).toHaveLength(8);
    await expectPagesBothWays(fetch, expected, 3);
  });

  it("when an admin searches, then everyone's threads match; a user never finds someone else's", async () => {
    const admin = await bearer(t, 'root', ['admin']);

    expect(await search({ filter: { titleContains: 'secret' } }, admin)).toEqual(['s12']);
    expect(await search({ filter: { titleContains: 'secret' } })).toEqual([]);
  });

  it.each(['CREATED_AT_DESC', 'UPDATED_AT_ASC'] as const)(
    "when an admin searches everyone's titles in %s, then pages go both ways as a user's do",
    async (orderBy) => {
      const admin = await bearer(t, 'root', ['admin']);
      const fetch = async (paging: PagingVariables) =>
        dataOf(await t.graphql(THREADS, { filter: { titleContains: 'plan' }, orderBy, ...paging }, admin)).threads;
      const planned = [...SARA.slice(0, 3), { id: 's12', owner: 'sam', created: 120 }];
      const expected =
        orderBy === 'CREATED_AT_DESC'
          ? ordered(planned, (row) => row.created, 'DESC')
          : ordered(planned, (row) => row.updated ?? row.created, 'ASC');

      for (const size of [1, 3]) await expectPagesBothWays(fetch, expected, size);
    },
  );

  it('when the trash is searched and ordered, then the same filter applies to restorable threads only', async () => {
    const trash = async (variables: Record<string, unknown>) =>
      dataOf(await t.graphql(TRASH, variables, sara)).deletedThreads.edges.map((edge) => edge.node.id);

    expect(await trash({ filter: { titleContains: 'PLAN', projectId: 'work' }, orderBy: 'DELETED_AT_ASC' })).toEqual([
      's11',
    ]);
    expect(await trash({ filter: { titleContains: 'offsite' } })).toEqual([]);
  });

  it.each([
    ['an empty term', { titleContains: '' }, 'value_error', ['filter', 'titleContains']],
    ['a term of two letters', { titleContains: 'ai' }, 'value_error', ['filter', 'titleContains']],
    ['a term of no three letters in a row', { titleContains: 'a_b%c d' }, 'value_error', ['filter', 'titleContains']],
    ['a term of 101 characters', { titleContains: 'x'.repeat(101) }, 'string_too_long', ['filter', 'titleContains']],
    ['a term with NUL', { titleContains: 'abc\u0000' }, 'string_pattern_mismatch', ['filter', 'titleContains']],
    ['a project of 129 characters', { projectId: 'p'.repeat(129) }, 'string_too_long', ['filter', 'projectId']],
    ['a time before 1970', { createdFrom: '1969-12-31T23:59:59Z' }, 'value_error', ['filter', 'createdFrom']],
    [
      'an empty range',
      { updatedFrom: minute(5), updatedBefore: minute(5) },
      'value_error',
      ['filter', 'updatedBefore'],
    ],
  ])('when the filter has %s, then it is BAD_USER_INPUT naming the field', async (_, filter, type, loc) => {
    expect(await issuesOf({ filter })).toEqual([expect.objectContaining({ type, loc })]);
  });

  it('when the term has no three letters or digits in a row, then the issue says so and echoes it', async () => {
    expect(await issuesOf({ filter: { titleContains: '%_%' } })).toEqual([
      {
        type: 'value_error',
        loc: ['filter', 'titleContains'],
        msg: 'Value error, a search term needs at least three letters or digits in a row',
        input: '%_%',
      },
    ]);
  });

  it('when a time is not a date-time, or the project is given both ways, then it is BAD_USER_INPUT', async () => {
    expect(await issuesOf({ filter: { createdFrom: 'yesterday' } })).toBeDefined();
    expect(await issuesOf({ filter: { projectId: 'work' }, projectId: 'work' })).toEqual([
      {
        type: 'value_error',
        loc: ['projectId'],
        msg: 'Value error, give the project once: filter.projectId (projectId is deprecated)',
        input: 'work',
      },
    ]);
  });
});

describe.each(DATABASE_KINDS)('thread search indexes (%s)', (kind) => {
  const t = useTestApp(kind);

  it('when live threads are listed by activity across users, then the order index serves them, not the deleted-threads one', async () => {
    const query = seek(
      t.app.db.dataSource.createQueryBuilder(Thread, 'thread').where('thread.deletedAt IS NULL'),
      'thread',
      THREAD_ORDERS.UPDATED_AT_DESC,
      firstPage(20),
    );

    const plan = await planOf(t, query, { withoutSeqScan: true });

    expect(plan).toContain('idx_threads_updated');
    expect(plan).not.toContain('idx_threads_deleted');
  });

  it('when the indexes are read back, then the deleted-threads index is partial and the full one is gone', async () => {
    const definitions = await indexDefinitions(t);

    expect(definitions.get('idx_threads_deleted')).toMatch(/\(deleted_at\) WHERE \(?deleted_at IS NOT NULL\)?$/i);
    expect(definitions.has('idx_threads_deleted_at')).toBe(false);
    if (kind === 'postgres')
      expect(definitions.get('idx_threads_title_trgm')).toMatch(/USING gin \(title gin_trgm_ops\)$/);
  });

  it('when the title is searched, then PostgreSQL can use the trigram index, metacharacters and all (SQLite scans)', async () => {
    const query = applyThreadFilter(t.app.db.dataSource.createQueryBuilder(Thread, 'thread'), {
      titleContains: '50%_off\\',
    }).select('thread.id');

    const plan = await planOf(t, query, { withoutSeqScan: true });

    expect(plan.includes('idx_threads_title_trgm')).toBe(kind === 'postgres');
  });
});

describe('thread search on SQLite', () => {
  const t = useTestApp('sqlite');

  it("when an admin's search reads the table, then SQLite scans it in storage order instead of walking an order index", async () => {
    const query = seek(
      applyThreadFilter(t.app.db.dataSource.createQueryBuilder(Thread, 'thread'), { titleContains: 'rare' }),
      'thread',
      THREAD_ORDERS.CREATED_AT_DESC,
      { size: 20, backward: false, after: { at: minute(5), id: 'x' }, before: null },
      adminReadPath('sqlite', { titleContains: 'rare' }, THREAD_ORDERS.CREATED_AT_DESC),
    );

    expect(await planOf(t, query)).toBe('SCAN thread\nUSE TEMP B-TREE FOR ORDER BY');
  });
});

/** The database's plan for a query (on PostgreSQL, with sequential scans priced out when asked). */
async function planOf(
  t: TestApp,
  query: SelectQueryBuilder<Thread>,
  options: { withoutSeqScan?: boolean } = {},
): Promise<string> {
  const [sql, parameters] = query.getQueryAndParameters();
  if (t.app.db.kind === 'sqlite') {
    const rows: { detail: string }[] = await t.app.db.dataSource.query(`EXPLAIN QUERY PLAN ${sql}`, parameters);
    return rows.map((row) => row.detail).join('\n');
  }
  const runner = t.app.db.dataSource.createQueryRunner();
  try {
    await runner.startTransaction();
    if (options.withoutSeqScan) await runner.query('SET LOCAL enable_seqscan = off');
    const rows: { 'QUERY PLAN': string }[] = await runner.query(`EXPLAIN ${sql}`, parameters);
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}

/** The indexes of `threads`, by name: their definitions as the database prints them. */
async function indexDefinitions(t: TestApp): Promise<Map<string, string>> {
  const rows: { name: string; sql: string }[] = await t.app.db.dataSource.query(
    t.app.db.kind === 'sqlite'
      ? "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'threads' AND sql IS NOT NULL"
      : "SELECT indexname AS name, indexdef AS sql FROM pg_indexes WHERE tablename = 'threads'",
  );
  return new Map(rows.map((row) => [row.name, row.sql]));
}
