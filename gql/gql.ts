/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  subscription LiveThreadEvents {\n    threadEvents { id kind threadId messageCount at }\n  }\n": typeof types.LiveThreadEventsDocument,
    "\n  mutation DeleteThread($threadId: ID!, $options: DeleteThreadOptions) {\n    deleteThread(threadId: $threadId, options: $options) { threadId outcome thread { id deletedAt restoreUntil } }\n  }\n": typeof types.DeleteThreadDocument,
    "\n  query Threads($first: Int, $after: String) {\n    threads(first: $first, after: $after) {\n      edges { cursor node { id title deletedAt } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.ThreadsDocument,
    "\n  query Trash {\n    deletedThreads(first: 10) {\n      edges { cursor node { id deletedAt } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.TrashDocument,
    "fragment CachedThread on Thread { id deletedAt }": typeof types.CachedThreadFragmentDoc,
    "\n  query NewestThreads($first: Int!) {\n    threads(first: $first) { edges { node { id title messageCount } } }\n  }\n": typeof types.NewestThreadsDocument,
    "\n  query ThreadAndAudit($id: ID!) {\n    thread(id: $id) { id messageCount deletedAt }\n    auditEntries(threadId: $id, first: 10) { edges { node { action actor messageCount } } }\n  }\n": typeof types.ThreadAndAuditDocument,
};
const documents: Documents = {
    "\n  subscription LiveThreadEvents {\n    threadEvents { id kind threadId messageCount at }\n  }\n": types.LiveThreadEventsDocument,
    "\n  mutation DeleteThread($threadId: ID!, $options: DeleteThreadOptions) {\n    deleteThread(threadId: $threadId, options: $options) { threadId outcome thread { id deletedAt restoreUntil } }\n  }\n": types.DeleteThreadDocument,
    "\n  query Threads($first: Int, $after: String) {\n    threads(first: $first, after: $after) {\n      edges { cursor node { id title deletedAt } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.ThreadsDocument,
    "\n  query Trash {\n    deletedThreads(first: 10) {\n      edges { cursor node { id deletedAt } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.TrashDocument,
    "fragment CachedThread on Thread { id deletedAt }": types.CachedThreadFragmentDoc,
    "\n  query NewestThreads($first: Int!) {\n    threads(first: $first) { edges { node { id title messageCount } } }\n  }\n": types.NewestThreadsDocument,
    "\n  query ThreadAndAudit($id: ID!) {\n    thread(id: $id) { id messageCount deletedAt }\n    auditEntries(threadId: $id, first: 10) { edges { node { action actor messageCount } } }\n  }\n": types.ThreadAndAuditDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription LiveThreadEvents {\n    threadEvents { id kind threadId messageCount at }\n  }\n"): (typeof documents)["\n  subscription LiveThreadEvents {\n    threadEvents { id kind threadId messageCount at }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteThread($threadId: ID!, $options: DeleteThreadOptions) {\n    deleteThread(threadId: $threadId, options: $options) { threadId outcome thread { id deletedAt restoreUntil } }\n  }\n"): (typeof documents)["\n  mutation DeleteThread($threadId: ID!, $options: DeleteThreadOptions) {\n    deleteThread(threadId: $threadId, options: $options) { threadId outcome thread { id deletedAt restoreUntil } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Threads($first: Int, $after: String) {\n    threads(first: $first, after: $after) {\n      edges { cursor node { id title deletedAt } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query Threads($first: Int, $after: String) {\n    threads(first: $first, after: $after) {\n      edges { cursor node { id title deletedAt } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Trash {\n    deletedThreads(first: 10) {\n      edges { cursor node { id deletedAt } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query Trash {\n    deletedThreads(first: 10) {\n      edges { cursor node { id deletedAt } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment CachedThread on Thread { id deletedAt }"): (typeof documents)["fragment CachedThread on Thread { id deletedAt }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NewestThreads($first: Int!) {\n    threads(first: $first) { edges { node { id title messageCount } } }\n  }\n"): (typeof documents)["\n  query NewestThreads($first: Int!) {\n    threads(first: $first) { edges { node { id title messageCount } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ThreadAndAudit($id: ID!) {\n    thread(id: $id) { id messageCount deletedAt }\n    auditEntries(threadId: $id, first: 10) { edges { node { action actor messageCount } } }\n  }\n"): (typeof documents)["\n  query ThreadAndAudit($id: ID!) {\n    thread(id: $id) { id messageCount deletedAt }\n    auditEntries(threadId: $id, first: 10) { edges { node { action actor messageCount } } }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;