import type { ValidationIssue } from '../../src/errors.js';
import { THREAD_DELETE_RESPONSE_KEYS } from '../../src/threads/delete/thread-delete.result.js';
import { defined } from './assertions.js';
import type { GqlBody, ThreadDeleteResult } from './graphql-types.js';
import type { TestApp } from './test-app.js';

const METADATA_FIELDS = '{ tags labels annotations source version extra }';

/** Every field of ThreadDeleteResult, as a GraphQL selection. */
export const ALL_RESULT_FIELDS = THREAD_DELETE_RESPONSE_KEYS.map((key) =>
  key === 'customMetadata' || key === 'extra' ? `${key} ${METADATA_FIELDS}` : key,
).join('\n');

export const DELETE_MUTATION = `mutation Delete($threadId: ID!, $options: DeleteThreadOptions) {
  deleteThread(threadId: $threadId, options: $options) { ${ALL_RESULT_FIELDS} }
}`;

/** A GraphQL body, or a REST body: a result's fields, or FastAPI's `detail` (a message, or a 422's issues). */
export type DeleteCallBody = GqlBody & { readonly detail?: string | ValidationIssue[] };

/** What a caller of either transport ends up with, reduced to one vocabulary. */
export interface DeleteCall {
  readonly status: number;
  /** `success`, or the error code the caller can read (GraphQL result/extension code, or mapped REST status). */
  readonly outcome: string;
  /** The ThreadDeleteResult (GraphQL) or the 200 body (REST), when there is one. */
  readonly result: ThreadDeleteResult | null;
  /** The parsed body as received: a GraphQL body, a REST 200 body or a REST error body. */
  readonly body: DeleteCallBody;
  readonly headers: Headers;
}

const REST_OUTCOMES: Record<number, string> = {
  200: 'success',
  401: 'UNAUTHENTICATED',
  404: 'THREAD_NOT_FOUND',
  409: 'THREAD_BUSY',
  422: 'BAD_USER_INPUT',
  500: 'INTERNAL_SERVER_ERROR',
  503: 'SERVICE_UNAVAILABLE',
  504: 'DATABASE_TIMEOUT',
};

export type Transport = 'graphql' | 'rest';
export const TRANSPORTS: Transport[] = ['graphql', 'rest'];

/** Deletes a thread over GraphQL (`deleteThread`) or REST (`DELETE /api/chat/threads/{id}`). */
export async function deleteVia(
  transport: Transport,
  t: TestApp,
  threadId: string,
  headers: Record<string, string> = {},
  rawPath?: string,
): Promise<DeleteCall> {
  if (transport === 'graphql') {
    const response = await t.graphql(DELETE_MUTATION, { threadId }, headers);
    const result = response.body.data?.deleteThread ?? null;
    const outcome = result
      ? result.status === 'success'
        ? 'success'
        : defined(result.errors, 'errors of an unsuccessful result')[0]
      : (response.body.errors?.[0]?.extensions?.code ?? 'NO_RESULT');
    return { status: response.status, outcome, result, body: response.body, headers: response.headers };
  }
  const path = `/api/chat/threads/${rawPath ?? encodeURIComponent(threadId)}`;
  const response = await t.rest<DeleteCallBody & ThreadDeleteResult>('DELETE', path, headers);
  return {
    status: response.status,
    outcome: REST_OUTCOMES[response.status] ?? `HTTP_${response.status}`,
    result: response.status === 200 ? response.body : null,
    body: response.body,
    headers: response.headers,
  };
}

/** `Authorization` header for a user. */
export async function bearer(t: TestApp, userId: string, roles: string[] = []): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await t.token(userId, { roles })}` };
}
