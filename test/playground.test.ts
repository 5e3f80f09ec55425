import { type GraphQLObjectType, type GraphQLSchema, type OperationDefinitionNode, parse, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGatewaySchema } from '../src/graphql/schema.js';
import { loadExamples } from '../src/playground/examples.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('schema/examples.graphql (the playground tabs)', () => {
  let schema: GraphQLSchema;
  const examples = loadExamples();

  beforeAll(async () => {
    const unused = {} as never;
    schema = await buildGatewaySchema({ threads: unused, deletes: unused, trash: unused, audit: unused });
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
        (parse(example.query).definitions[0] as OperationDefinitionNode).selectionSet.selections.map(
          (s: any) => s.name.value,
        ),
      ),
    );
    const deleteThread = parse(examples.find((example) => example.name === 'DeleteThread')!.query)
      .definitions[0] as OperationDefinitionNode;
    const selected = (deleteThread.selectionSet.selections[0] as any).selectionSet.selections.map(
      (s: any) => s.name.value,
    );

    expect(Object.keys(schema.getMutationType()!.getFields()).filter((name) => !used.has(name))).toEqual([]);
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
    const config: any = await (await fetch(`${dev.url}/playground/config.json`)).json();
    const script = /src="(\/playground\/assets\/[^"]+\.js)"/.exec(text)![1];

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
    const config: any = await (await fetch(`${forced.url}/playground/config.json`)).json();

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
