import originalSchemas from './original-schemas.json';

const ROUTE_DESCRIPTION = [
  'Delete a conversation thread',
  '',
  'Deletes a conversation thread and all its messages. By default (`mode=permanent`) the delete is permanent ' +
    'and cannot be undone; with `mode=soft` the thread moves to the trash, from which the GraphQL mutation ' +
    '`restoreThread` brings it back, with every message, until its restore window closes.',
  '',
  '**Deprecated**: use the GraphQL mutation `deleteThread` at `/graphql`. Same service, same outcomes.',
  '',
  'Query parameters (extensions of the original route): `mode=soft` moves the thread to the trash, ',
  '`backup=true` writes a backup first, `dry_run=true` reports what would be deleted and changes nothing.',
].join('\n');

/** The headers of a 200 that announce the route's end (src/threads/rest/thread.rest.ts). */
const LIFECYCLE_HEADERS = {
  Deprecation: {
    description: 'RFC 9745: when the route was deprecated, as `@<epoch seconds>` (REST_DEPRECATION_DATE).',
    schema: { type: 'string', pattern: '^@-?[0-9]+$' },
  },
  Sunset: {
    description: 'RFC 8594: when the route goes away, as an HTTP-date; sent only when REST_SUNSET_DATE is set.',
    schema: { type: 'string' },
  },
  Link: {
    description: 'The successor: `</graphql>; rel="successor-version"`.',
    schema: { type: 'string' },
  },
};

function errorResponse(description: string, example: string) {
  return {
    description,
    content: {
      'application/json': { schema: { $ref: '#/components/schemas/HTTPError' }, example: { detail: example } },
    },
  };
}

/** The OpenAPI 3.1 document of the REST shim: the original route and schemas, plus what the gateway adds. */
export function openApiDocument(serverVersion: string): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'chat-thread-gateway: legacy REST route',
      version: serverVersion,
      description: 'The original FastAPI route, answered by the GraphQL gateway. New clients should use POST /graphql.',
    },
    paths: {
      '/api/chat/threads/{thread_id}': {
        delete: {
          summary: 'Delete Thread',
          description: ROUTE_DESCRIPTION,
          operationId: 'delete_thread_api_chat_threads__thread_id__delete',
          deprecated: true,
          security: [{ HTTPBearer: [] }],
          parameters: [
            {
              name: 'thread_id',
              in: 'path',
              required: true,
              schema: { type: 'string', title: 'Thread Id', minLength: 1, maxLength: 128 },
            },
            {
              name: 'mode',
              in: 'query',
              required: false,
              schema: { enum: ['permanent', 'soft'], type: 'string', default: 'permanent', title: 'Mode' },
            },
            {
              name: 'backup',
              in: 'query',
              required: false,
              schema: { type: 'boolean', default: false, title: 'Backup' },
            },
            {
              name: 'dry_run',
              in: 'query',
              required: false,
              schema: { type: 'boolean', default: false, title: 'Dry Run' },
            },
          ],
          responses: {
            '200': {
              description: 'Successful Response',
              headers: LIFECYCLE_HEADERS,
              content: { 'application/json': { schema: { $ref: '#/components/schemas/ThreadDeleteResponse' } } },
            },
            '401': errorResponse('No or invalid bearer token', 'Not authenticated'),
            '404': errorResponse('The thread does not exist, is already deleted or is not yours', 'Thread not found'),
            '409': errorResponse(
              'Another request holds the thread (a lock wait past the lock timeout, a deadlock, a serialization ' +
                'failure); nothing was deleted. Try again.',
              'Thread busy: nothing was deleted; try again',
            ),
            '422': {
              description: 'Validation Error',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/HTTPValidationError' } } },
            },
            '500': errorResponse(
              'The backup could not be written (nothing was deleted), or an unexpected error',
              'Internal Server Error',
            ),
            '503': errorResponse('The database is unavailable', 'Service Unavailable'),
            '504': errorResponse(
              'The delete took longer than the database allows (DB_STATEMENT_TIMEOUT_MS) and was cancelled; nothing ' +
                'was deleted. The same request will likely time out again.',
              'Database timeout: nothing was deleted',
            ),
          },
        },
      },
    },
    components: {
      schemas: {
        ...originalSchemas,
        HTTPError: {
          properties: { detail: { type: 'string', title: 'Detail' } },
          type: 'object',
          required: ['detail'],
          title: 'HTTPError',
        },
      },
      securitySchemes: { HTTPBearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
}
