import {
  type GraphQLObjectType,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  parse,
  type SelectionNode,
  validate,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Example, loadExamples } from '../src/playground/examples.js';
import { buildGatewaySchema } from '../src/schema.js';
import { defined } from './support/assertions.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** What `/playground/config.json` serves. */
interface PlaygroundConfig {
  endpoint: string;
  devToken: string | null;
  examples: Example[];
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
    const unused = {} as never;
    schema = await buildGatewaySchema({
      threads: unused,
      deletes: unused,
      answers: unused,
      trash: unused,
      audit: unused,
    });
  });

  it('has only operations that are valid against the schema, each with JSON variables', () => {
    for (const example of examples) {
      expect(validate(schema, parse(example.query)), example.name).toEqual([]);
      expect(() => JSON.parse(example.variables), example.name).not.toThrow();
    }
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
    expect(examples[0].name).toBe('DeleteThread');
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

    expect(page.status).toBe(200);
    expect(text).toContain('<div id="graphiql">');
    expect(text).not.toMatch(/https?:\/\//);
    expect((await fetch(`${dev.url}${script}`)).status).toBe(200);
    expect(config.devToken).toBe(dev.app.devToken);
    expect(config.examples[0].variables).not.toContain('THREAD_ID');
  });

  it('when off (production), then there is no page and no config', async () => {
    expect((await html(production)).status).toBe(400);
    expect((await fetch(`${production.url}/playground/config.json`)).status).toBe(404);
  });

  it('when forced on in production, then the page is served but no token is handed out', async () => {
    const config = (await (await fetch(`${forced.url}/playground/config.json`)).json()) as PlaygroundConfig;

    expect((await html(forced)).status).toBe(200);
    expect(config.devToken).toBeNull();
    expect(config.examples[0].variables).toContain('THREAD_ID');
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
