'use strict';
// The search scenario (BENCH_SCENARIO=search): `threads` and `deletedThreads` searches through
// GraphQL against a table of 1,000,000 threads (bench/lib/search-data.js), one request at a time
// on a keep-alive connection, each search repeated to give a p50 and a p99. Every search selects
// totalCount, as a list with a count would.
const http = require('node:http');
const { createBenchDatabase } = require('./lib/data.js');
const { gatewayEnv, issueToken } = require('./lib/gateway.js');
const { startProcess } = require('./lib/processes.js');
const { round } = require('./lib/report.js');
const { HEAVY, TYPICAL, seedSearchThreads, vocabulary } = require('./lib/search-data.js');

const THREADS = Number(process.env.BENCH_SEARCH_THREADS ?? 1_000_000);
const REPEATS = Number(process.env.BENCH_SEARCH_REPEATS ?? 100);
const WARMUP = 5;

const FIELDS = 'totalCount edges { cursor node { id title updatedAt } } pageInfo { hasNextPage endCursor }';
const THREADS_QUERY = `query ($filter: ThreadFilter, $orderBy: ThreadOrder! = CREATED_AT_DESC, $after: String) {
  threads(first: 20, after: $after, filter: $filter, orderBy: $orderBy) { ${FIELDS} } }`;
const TRASH_QUERY = `query ($filter: ThreadFilter) { deletedThreads(first: 20, filter: $filter) { ${FIELDS} } }`;

/** The searches: who asks, and what. Words by rank: 0 is in ~40% of titles, 49 in ~1%, 1,499 in ~0.03%. */
function searches(words) {
  const [common, , , medium, rare] = [words[0], words[1], words[2], words[49], words[1499]];
  const quarter = {
    createdFrom: new Date(Date.now() - 180 * 86_400_000),
    createdBefore: new Date(Date.now() - 90 * 86_400_000),
  };
  return [
    { name: 'user: list', who: TYPICAL, query: THREADS_QUERY, variables: {} },
    {
      name: 'user: title, common word',
      who: TYPICAL,
      query: THREADS_QUERY,
      variables: { filter: { titleContains: common } },
    },
    {
      name: 'heavy user: title, rare word',
      who: HEAVY,
      query: THREADS_QUERY,
      variables: { filter: { titleContains: rare } },
    },
    {
      name: 'heavy user: title, common word, by activity',
      who: HEAVY,
      query: THREADS_QUERY,
      variables: { filter: { titleContains: common }, orderBy: 'UPDATED_AT_DESC' },
    },
    {
      name: 'heavy user: project and 90 days',
      who: HEAVY,
      query: THREADS_QUERY,
      variables: { filter: { projectId: 'project-3', ...quarter } },
    },
    {
      name: 'heavy user: page 3 by activity',
      who: HEAVY,
      query: THREADS_QUERY,
      variables: { orderBy: 'UPDATED_AT_DESC' },
      page: 3,
    },
    {
      name: 'heavy user: trash, title',
      who: HEAVY,
      query: TRASH_QUERY,
      variables: { filter: { titleContains: medium } },
    },
    {
      name: 'admin: title, rare word',
      who: 'admin',
      query: THREADS_QUERY,
      variables: { filter: { titleContains: rare } },
    },
    {
      name: 'admin: title, medium word',
      who: 'admin',
      query: THREADS_QUERY,
      variables: { filter: { titleContains: medium } },
    },
    {
      name: 'admin: title, common word, by activity',
      who: 'admin',
      query: THREADS_QUERY,
      variables: { filter: { titleContains: common }, orderBy: 'UPDATED_AT_DESC' },
    },
    // Three letters that are in 4% of the titles (inside many words), and three that are in none.
    {
      name: 'admin: 3 letters, frequent',
      who: 'admin',
      query: THREADS_QUERY,
      variables: { filter: { titleContains: 'bou' } },
    },
    {
      name: 'admin: 3 letters, no match',
      who: 'admin',
      query: THREADS_QUERY,
      variables: { filter: { titleContains: 'qxz' } },
    },
    { name: 'admin: list by activity', who: 'admin', query: THREADS_QUERY, variables: { orderBy: 'UPDATED_AT_DESC' } },
  ];
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** POST /graphql on the keep-alive connection; resolves with the parsed body. */
function post(url, token, query, variables) {
  const payload = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${url}/graphql`,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (chunk) => (text += chunk));
        response.on('end', () => resolve(JSON.parse(text)));
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** Runs one search REPEATS times after a warm-up; the page-3 search first walks to its cursor. */
async function measureSearch(url, token, search) {
  const variables = { ...search.variables };
  for (let page = 1; page < (search.page ?? 1); page += 1) {
    const body = await post(url, token, search.query, variables);
    variables.after = Object.values(body.data)[0].pageInfo.endCursor;
  }
  let answer;
  for (let i = 0; i < WARMUP; i += 1) answer = await post(url, token, search.query, variables);
  if (answer.errors) throw new Error(`${search.name}: ${JSON.stringify(answer.errors)}`);
  const connection = Object.values(answer.data)[0];
  const times = [];
  for (let i = 0; i < REPEATS; i += 1) {
    const started = performance.now();
    await post(url, token, search.query, variables);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return {
    search: search.name,
    variables: search.variables,
    totalCount: connection.totalCount,
    p50Ms: round(percentile(times, 50), 2),
    p99Ms: round(percentile(times, 99), 2),
  };
}

/** Seeds THREADS threads on one engine, then measures every search through the gateway. */
async function runSearch(kind, adminUrl) {
  const data = await createBenchDatabase(kind, adminUrl);
  try {
    const seedStarted = performance.now();
    await seedSearchThreads(kind, data.url, THREADS);
    if (kind === 'postgres') await data.db.dataSource.query('VACUUM (ANALYZE) threads');
    else await data.db.dataSource.query('PRAGMA wal_checkpoint(TRUNCATE)');
    console.log(`${kind}: ${THREADS} threads seeded in ${Math.round((performance.now() - seedStarted) / 1000)} s`);
    const gateway = await startProcess('dist/src/main.js', gatewayEnv(data.url));
    const tokens = {
      admin: await issueToken('bench-admin', ['admin']),
      [HEAVY]: await issueToken(HEAVY),
      [TYPICAL]: await issueToken(TYPICAL),
    };
    try {
      const results = [];
      for (const search of searches(vocabulary())) {
        const result = await measureSearch(gateway.url, tokens[search.who], search);
        console.log(
          `${kind} ${result.search}: p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms (totalCount ${result.totalCount})`,
        );
        results.push(result);
      }
      return { threads: THREADS, repeats: REPEATS, results };
    } finally {
      await gateway.stop();
    }
  } finally {
    await data.drop();
  }
}

/** Console rows: one per search and engine. */
function searchRows(search) {
  return Object.entries(search).flatMap(([kind, run]) =>
    run.results.map((result) => ({
      database: kind,
      search: result.search,
      totalCount: result.totalCount,
      'p50 ms': result.p50Ms,
      'p99 ms': result.p99Ms,
    })),
  );
}

module.exports = { runSearch, searchRows };
