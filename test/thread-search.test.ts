import { beforeAll, describe, expect, it } from 'vitest';
import { Thread } from '../src/threads/thread.entity.js';
import { applyThreadFilter } from '../src/threads/thread.search.js';
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
    ['%', ['s04']],
    ['0% d', ['s04']],
    ['_', ['s06']],
    ['a_b', ['s06']],
    ['\\', ['s08']],
    ['k\\s', ['s08']],
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

    const matching = SARA.filter((row) => /t/i.test(row.title ?? '') && row.created >= 20);
    const expected = ordered(matching, (row) => row.updated ?? row.created, 'ASC');
    const fetch = async (paging: PagingVariables) =>
      dataOf(
        await t.graphql(
          THREADS,
          { filter: { titleContains: 'T', createdFrom: minute(20) }, orderBy: 'UPDATED_AT_ASC', ...paging },
          sara,
        ),
      ).threads;
    expect(expected).toHaveLength(6);
    await expectPagesBothWays(fetch, expected, 4);
  });

  it("when an admin searches, then everyone's threads match; a user never finds someone else's", async () => {
    const admin = await bearer(t, 'root', ['admin']);

    expect(await search({ filter: { titleContains: 'secret' } }, admin)).toEqual(['s12']);
    expect(await search({ filter: { titleContains: 'secret' } })).toEqual([]);
  });

  it('when the trash is searched and ordered, then the same filter applies to restorable threads only', async () => {
    const trash = async (variables: Record<string, unknown>) =>
      dataOf(await t.graphql(TRASH, variables, sara)).deletedThreads.edges.map((edge) => edge.node.id);

    expect(await trash({ filter: { titleContains: 'PLAN', projectId: 'work' }, orderBy: 'DELETED_AT_ASC' })).toEqual([
      's11',
    ]);
    expect(await trash({ filter: { titleContains: 'offsite' } })).toEqual([]);
  });

  it.each([
    ['an empty title', { titleContains: '' }, 'string_too_short', ['filter', 'titleContains']],
    ['a title of 101 characters', { titleContains: 'x'.repeat(101) }, 'string_too_long', ['filter', 'titleContains']],
    ['a title with NUL', { titleContains: 'a\u0000b' }, 'string_pattern_mismatch', ['filter', 'titleContains']],
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

describe.each(DATABASE_KINDS.filter((kind) => kind === 'postgres'))('thread search index (%s)', (kind) => {
  const t = useTestApp(kind);

  it('when the title is searched, then the query can use the trigram index, metacharacters and all', async () => {
    await expect(planOf(t, '50%_off\\')).resolves.toContain('idx_threads_title_trgm');
  });
});

/** PostgreSQL's plan for the search the gateway runs, with sequential scans priced out of it. */
async function planOf(t: TestApp, term: string): Promise<string> {
  const runner = t.app.db.dataSource.createQueryRunner();
  try {
    await runner.startTransaction();
    await runner.query('SET LOCAL enable_seqscan = off');
    const query = applyThreadFilter(runner.manager.createQueryBuilder(Thread, 'thread'), { titleContains: term });
    const [sql, parameters] = query.select('thread.id').getQueryAndParameters();
    const rows: { 'QUERY PLAN': string }[] = await runner.query(`EXPLAIN ${sql}`, parameters);
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}
