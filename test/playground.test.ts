import {
  type ExecutionResult,
  type GraphQLObjectType,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  parse,
  type SelectionNode,
  validate,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followingCreatedThreads, WalkthroughThread } from '../playground/walkthrough.js';
import { loadExamples, THREAD_ID_PLACEHOLDER } from '../src/playground/examples.js';
import type { PlaygroundConfig } from '../src/playground/playground.js';
import { defined } from './support/assertions.js';
import { NEWEST_THREADS, THREAD_AND_AUDIT } from './support/documents.js';
import type { GqlBody } from './support/graphql-types.js';
import { LiveClient } from './support/live.js';
import { countRows } from './support/rows.js';
import { schemaForInspection } from './support/schema.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { DELETE_MUTATION } from './support/transports.js';

/** The tabs, in the order of the walkthrough the README describes. */
const WALKTHROUGH = [
  'Threads',
  'CreateThread',
  'AddMessage',
  'Thread',
  'DryRun',
  'DeleteThreadsDryRun',
  'SoftDeleteWithBackup',
  'DeletedThreads',
  'RestoreThread',
  'DeleteThread',
  'AuditEntries',
  'ThreadEvents',
];

type Answer = GqlBody<Record<string, unknown>>;

/**
 * Fetches `/playground/config.json` as a page load does, and runs every tab once, in order, as the
 * page does: through its fetcher, which follows the thread CreateThread makes, with each tab's
 * variables brought up to date as it is shown. Returns the answers by tab and the thread walked.
 */
async function walkTabs(
  t: TestApp,
): Promise<{ config: PlaygroundConfig; answers: Map<string, Answer>; threadId: string }> {
  const config = (await (await fetch(`${t.url}/playground/config.json`)).json()) as PlaygroundConfig;
  const walkthrough = new WalkthroughThread(config.threadId);
  const headers = { authorization: `Bearer ${defined(config.devToken, 'the dev token')}` };
  const fetcher = followingCreatedThreads(
    async ({ query, variables }) =>
      (await t.graphql<Record<string, unknown>>(query, variables, headers)).body as ExecutionResult,
    walkthrough,
  );
  const answers = new Map<string, Answer>();
  for (const example of config.examples) {
    const variables = JSON.parse(walkthrough.rewrite(example.variables));
    const live = parse(example.query).definitions.some(
      (definition) => definition.kind === Kind.OPERATION_DEFINITION && definition.operation === 'subscription',
    );
    answers.set(
      example.name,
      live
        ? await firstLiveAnswer(t, headers.authorization, example.query)
        : ((await fetcher({ query: example.query, variables })) as Answer),
    );
  }
  return { config, answers, threadId: walkthrough.id() };
}

/**
 * Runs a subscription tab as the page does (over WebSocket, the headers' Authorization in
 * connection_init) and returns its first answer. The change it hears is made as a person would
 * from another window, again until one is heard (the subscription may not be live yet), and
 * undone: a thread created and deleted, so the walk leaves no thread behind.
 */
async function firstLiveAnswer(t: TestApp, authorization: string, query: string): Promise<Answer> {
  const client = new LiveClient(t.url, null, { connectionParams: { Authorization: authorization } });
  try {
    const events = client.subscribe(query);
    const headers = { authorization };
    while (events.events.length === 0 && events.errors.length === 0) {
      const created = await t.graphql<{ createThread: { id: string } }>(
        'mutation { createThread(input: { title: "another window" }) { id } }',
        {},
        headers,
      );
      await t.graphql(DELETE_MUTATION, { threadId: created.body.data?.createThread.id }, headers);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return events.errors.length > 0
      ? { errors: events.errors as Answer['errors'] }
      : { data: { threadEvents: events.events[0] } };
  } finally {
    await client.dispose();
  }
}

/** What a walk of the tabs must answer, tab by tab, for the thread it created (`threadId`). */
function expectWalkthroughAnswers(answers: Map<string, Answer>, threadId: string): void {
  expect([...answers.keys()]).toEqual(WALKTHROUGH);
  for (const [name, answer] of answers) expect(answer.errors, name).toBeUndefined();
  const data = (name: string) => answers.get(name)?.data;
  expect(data('CreateThread')).toMatchObject({ createThread: { id: threadId, messageCount: 0 } });
  expect(data('AddMessage')).toMatchObject({ addMessage: { threadId, role: 'user' } });
  expect(data('Thread')).toMatchObject({ thread: { id: threadId, messageCount: 1 } });
  expect(data('DryRun')).toMatchObject({ deleteThread: { outcome: 'DRY_RUN', dryRun: true, deletedMessageCount: 1 } });
  expect(data('DeleteThreadsDryRun')).toEqual({
    deleteThreads: [
      { threadId, outcome: 'DRY_RUN', dryRun: true, deletedMessageCount: 1 },
      { threadId: 'no-such-thread', outcome: 'THREAD_NOT_FOUND', dryRun: true, deletedMessageCount: null },
    ],
  });
  expect(data('SoftDeleteWithBackup')).toMatchObject({
    deleteThread: { outcome: 'SOFT_DELETED', backupCreated: true },
  });
  expect(data('DeletedThreads')).toMatchObject({ deletedThreads: { edges: [{ node: { id: threadId } }] } });
  expect(data('RestoreThread')).toMatchObject({ restoreThread: { id: threadId, messageCount: 1, deletedAt: null } });
  expect(data('DeleteThread')).toMatchObject({ deleteThread: { status: 'success', outcome: 'DELETED', threadId } });
  expect(data('ThreadEvents')).toMatchObject({ threadEvents: { kind: 'CREATED', owner: 'demo-user' } });
  expect(data('AuditEntries')).toMatchObject({
    auditEntries: {
      edges: [
        { node: { action: 'DELETE_PERMANENT' } },
        { node: { action: 'RESTORE' } },
        { node: { action: 'DELETE_SOFT' } },
      ],
    },
  });
}

/** The name of a selection (a field or a fragment spread); an inline fragment has none. */
function selectionName(selection: SelectionNode): string {
  if (selection.kind === Kind.INLINE_FRAGMENT) throw new Error('an inline fragment has no name');
  return selection.name.value;
}

describe('schema/examples.graphql (the playground tabs)', () => {
  let schema: GraphQLSchema;
  const examples = loadExamples();

  beforeAll(async () => {
    schema = await schemaForInspection();
  });

  it('has only operations that are valid against the schema, each with JSON variables', () => {
    for (const example of examples) {
      expect(validate(schema, parse(example.query)), example.name).toEqual([]);
      expect(() => JSON.parse(example.variables), example.name).not.toThrow();
    }
  });

  it('opens with a read-only tab, then follows the walkthrough: create, add, list, dry runs, soft delete, trash, restore, delete, audit, live updates', () => {
    const first = parse(examples[0].query).definitions[0] as OperationDefinitionNode;

    expect(examples.map((example) => example.name)).toEqual(WALKTHROUGH);
    expect(first.operation).toBe('query');
    expect(examples[0].variables).toBe('{}');
  });

  it('has an example for every mutation, and DeleteThread selects every field of ThreadDeleteResult', () => {
    const used = new Set(
      examples.flatMap((example) =>
        (parse(example.query).definitions[0] as OperationDefinitionNode).selectionSet.selections.map(selectionName),
      ),
    );
    const deleteThread = parse(
      defined(
        examples.find((example) => example.name === 'DeleteThread'),
        'the DeleteThread example',
      ).query,
    ).definitions[0] as OperationDefinitionNode;
    const [deleteField] = deleteThread.selectionSet.selections;
    if (deleteField.kind === Kind.FRAGMENT_SPREAD) throw new Error('DeleteThread selects a fragment, not the mutation');
    const selected = defined(deleteField.selectionSet, 'the selection of DeleteThread').selections.map(selectionName);

    expect(
      Object.keys(defined(schema.getMutationType(), 'Mutation type').getFields()).filter((name) => !used.has(name)),
    ).toEqual([]);
    expect(selected.sort()).toEqual(
      Object.keys((schema.getType('ThreadDeleteResult') as GraphQLObjectType).getFields()).sort(),
    );
  });
});

describe('the playground switch', () => {
  let dev: TestApp;
  let production: TestApp;
  let forced: TestApp;
  const html = (t: TestApp) => fetch(`${t.url}/graphql`, { headers: { accept: 'text/html' } });

  beforeAll(async () => {
    dev = await startTestApp('sqlite', { AUTH_JWT_SECRET: '', NODE_ENV: 'development' });
    production = await startTestApp('sqlite', { NODE_ENV: 'production' });
    forced = await startTestApp('sqlite', { NODE_ENV: 'production', GRAPHQL_PLAYGROUND: 'true' });
  });
  afterAll(async () => {
    await Promise.all([dev?.close(), production?.close(), forced?.close()]);
  });

  it('when on in dev mode, then GET /graphql from a browser is our page, whose assets are ours and whose config carries the dev token and a demo thread', async () => {
    const page = await html(dev);
    const text = await page.text();
    const config = (await (await fetch(`${dev.url}/playground/config.json`)).json()) as PlaygroundConfig;
    const script = defined(/src="(\/playground\/assets\/[^"]+\.js)"/.exec(text), 'the script tag')[1];

    const newest = await dev.graphql(NEWEST_THREADS, { first: 1 }, { authorization: `Bearer ${dev.app.devToken}` });

    expect(page.status).toBe(200);
    expect(text).toContain('<div id="graphiql">');
    expect(text).not.toMatch(/https?:\/\//);
    expect((await fetch(`${dev.url}${script}`)).status).toBe(200);
    expect(config.devToken).toBe(dev.app.devToken);
    expect(config.threadId).toBe(newest.body.data?.threads.edges[0].node.id);
    expect(config.examples.find((example) => example.name === 'AddMessage')?.variables).toContain(config.threadId);
    expect(config.examples.map((example) => example.variables).join()).not.toContain(THREAD_ID_PLACEHOLDER);
  });

  it('when off (production), then there is no page and no config', async () => {
    expect((await html(production)).status).toBe(400);
    expect((await fetch(`${production.url}/playground/config.json`)).status).toBe(404);
  });

  it('when forced on in production, then the page is served but no token is handed out', async () => {
    const config = (await (await fetch(`${forced.url}/playground/config.json`)).json()) as PlaygroundConfig;

    expect((await html(forced)).status).toBe(200);
    expect(config.devToken).toBeNull();
    expect(config.threadId).toBe(THREAD_ID_PLACEHOLDER);
    expect(config.examples.find((example) => example.name === 'AddMessage')?.variables).toContain('"THREAD_ID"');
  });

  it('when /docs/config.json is fetched, then it carries the dev token in dev mode only, never cached', async () => {
    const config = (t: TestApp) => fetch(`${t.url}/docs/config.json`);
    const devAnswer = await config(dev);

    expect(devAnswer.headers.get('cache-control')).toBe('no-store');
    expect(await devAnswer.json()).toEqual({ devToken: dev.app.devToken });
    expect(await (await config(production)).json()).toEqual({ devToken: null });
    expect(await (await config(forced)).json()).toEqual({ devToken: null });
  });

  it('when /docs is fetched, then Swagger UI and its assets come from this server', async () => {
    const page = await (await fetch(`${dev.url}/docs`)).text();

    expect(page).toContain('/docs/assets/swagger-ui-bundle.js');
    expect(page).not.toMatch(/https?:\/\//);
    for (const asset of ['/docs/assets/swagger-ui-bundle.js', '/docs/assets/swagger-ui.css', '/docs/ui/init.js']) {
      expect((await fetch(`${dev.url}${asset}`)).status, asset).toBe(200);
    }
  });
});

describe('the playground walkthrough (dev mode), tab by tab as the page runs it', () => {
  let t: TestApp;
  let demo: string[];

  beforeAll(async () => {
    t = await startTestApp('sqlite', { AUTH_JWT_SECRET: '', NODE_ENV: 'development' });
    const listed = await t.graphql(NEWEST_THREADS, { first: 10 }, { authorization: `Bearer ${t.app.devToken}` });
    demo = defined(listed.body.data, 'the demo threads').threads.edges.map((edge) => edge.node.id);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('when every tab is run in order, then each answers without errors, about the thread CreateThread made, which is gone at the end', async () => {
    const { config, answers, threadId } = await walkTabs(t);

    expect(config.threadId).toBe(demo[0]);
    expect(threadId).not.toBe(demo[0]);
    expectWalkthroughAnswers(answers, threadId);
    expect(answers.get('Threads')?.data).toMatchObject({ threads: { edges: demo.map((id) => ({ node: { id } })) } });
    expect(await countRows(t, threadId)).toEqual({ threads: 0, messages: 0, audit: 3 });
    for (const id of demo) expect((await countRows(t, id)).threads, id).toBe(1);
  });

  it('when the page is loaded again and every tab run again, then each answers without errors once more', async () => {
    const { answers, threadId } = await walkTabs(t);

    expectWalkthroughAnswers(answers, threadId);
    const left = await t.graphql(THREAD_AND_AUDIT, { id: threadId }, { authorization: `Bearer ${t.app.devToken}` });
    expect(left.body.data).toEqual({
      thread: null,
      auditEntries: {
        edges: [
          { node: { action: 'DELETE_PERMANENT', actor: 'demo-user', messageCount: 1 } },
          { node: { action: 'RESTORE', actor: 'demo-user', messageCount: 1 } },
          { node: { action: 'DELETE_SOFT', actor: 'demo-user', messageCount: 1 } },
        ],
      },
    });
  });

  it('when the demo user has no thread left, then the tabs name the placeholder until CreateThread answers, and each answers without errors', async () => {
    const headers = { authorization: `Bearer ${t.app.devToken}` };
    await t.graphql('mutation ($ids: [ID!]!) { deleteThreads(threadIds: $ids) { outcome } }', { ids: demo }, headers);

    const { config, answers, threadId } = await walkTabs(t);

    expect(config.threadId).toBe(THREAD_ID_PLACEHOLDER);
    expectWalkthroughAnswers(answers, threadId);
  });
});
