import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { ValidationIssue } from '../src/errors.js';
import { THREAD_DELETE_RESPONSE_KEYS } from '../src/threads/delete/thread-delete.result.js';
import { seedThreads } from '../src/threads/thread.seed.js';
import { DATABASE_KINDS } from './support/databases.js';
import type { ThreadDeleteResult } from './support/graphql-types.js';
import { useTestApp } from './support/test-app.js';
import { bearer } from './support/transports.js';

/** The original route's OpenAPI document, as FastAPI would emit it (a copy of the contract's). */
const original = JSON.parse(readFileSync('test/fixtures/original-openapi.json', 'utf8'));

/** The parts of an OpenAPI document these tests read. */
interface OpenApiDocument {
  openapi: string;
  paths: Record<
    string,
    Record<string, { operationId: string; parameters: { name: string }[]; responses: Record<string, unknown> }>
  >;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
}

function validatorFor(document: Pick<OpenApiDocument, 'components'>, schemaName: string) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema({ $id: 'https://contract.local/openapi.json', components: document.components });
  return ajv.compile({ $ref: `https://contract.local/openapi.json#/components/schemas/${schemaName}` });
}

describe.each(DATABASE_KINDS)('REST compatibility with the original route (%s)', (kind) => {
  const t = useTestApp(kind);

  it('when a delete succeeds, then the 200 body has exactly the 36 keys and validates against the original ThreadDeleteResponse', async () => {
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 2, owner: 'alice' });
    const validate = validatorFor(original, 'ThreadDeleteResponse');

    const response = await t.rest<ThreadDeleteResult>(
      'DELETE',
      `/api/chat/threads/${threadId}`,
      await bearer(t, 'alice'),
    );

    expect(response.status).toBe(200);
    expect(Object.keys(response.body)).toEqual(
      Object.keys(original.components.schemas.ThreadDeleteResponse.properties),
    );
    expect(Object.keys(response.body)).toHaveLength(36);
    expect(validate(response.body), JSON.stringify(validate.errors)).toBe(true);
    expect(response.body.deprecationNotice).toMatch(/deprecated.*deleteThread/);
    expect(response.body.migrationGuide).toContain('/graphql');
    // RFC 9745: the date it was deprecated (REST_DEPRECATION_DATE, 2026-11-29 by default); no Sunset unless set.
    expect(response.headers.get('deprecation')).toBe('@1795910400');
    expect(response.headers.get('sunset')).toBeNull();
    expect(response.headers.get('link')).toBe('</graphql>; rel="successor-version"');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('when the input is invalid, then the 422 body validates against the original HTTPValidationError', async () => {
    const validate = validatorFor(original, 'HTTPValidationError');

    const response = await t.rest<{ detail: ValidationIssue[] }>(
      'DELETE',
      `/api/chat/threads/${'y'.repeat(200)}?mode=hard&backup=2`,
      await bearer(t, 'alice'),
    );

    expect(response.status).toBe(422);
    expect(validate(response.body), JSON.stringify(validate.errors)).toBe(true);
    expect(response.body.detail.map((issue) => issue.loc.join('.'))).toEqual([
      'path.thread_id',
      'query.mode',
      'query.backup',
    ]);
  });

  it('when /openapi.json is fetched, then its schemas match the original and it describes the route with bearer auth', async () => {
    const response = await t.rest<OpenApiDocument>('GET', '/openapi.json');

    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe('3.1.0');
    for (const name of ['ThreadDeleteResponse', 'CustomMetadataInfo', 'HTTPValidationError', 'ValidationError']) {
      expect(response.body.components.schemas[name], name).toEqual(original.components.schemas[name]);
    }
    const operation = response.body.paths['/api/chat/threads/{thread_id}'].delete;
    expect(operation.operationId).toBe(original.paths['/api/chat/threads/{thread_id}'].delete.operationId);
    expect(Object.keys(operation.responses)).toEqual(
      expect.arrayContaining(['200', '401', '404', '422', '500', '503']),
    );
    expect(operation.parameters.map((p) => p.name)).toEqual(['thread_id', 'mode', 'backup', 'dry_run']);
    expect(response.body.components.securitySchemes.HTTPBearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('the GraphQL result and the REST body list the same 36 fields as the original, in its order', () => {
    expect([...THREAD_DELETE_RESPONSE_KEYS]).toEqual(
      Object.keys(original.components.schemas.ThreadDeleteResponse.properties),
    );
  });
});
