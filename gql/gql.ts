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
    "\n  mutation SupportCreateThread($input: CreateThreadInput!) {\n    createThread(input: $input) { id title }\n  }\n": typeof types.SupportCreateThreadDocument,
    "\n  mutation SupportAddMessage($input: AddMessageInput!) {\n    addMessage(input: $input) { id }\n  }\n": typeof types.SupportAddMessageDocument,
    "\n  query SupportViewerAndThreads($filter: ThreadFilter) {\n    viewer { userId isAdmin }\n    threads(first: 100, filter: $filter) { totalCount edges { node { id userId } } }\n    deletedThreads(first: 100, filter: $filter) { totalCount edges { node { id userId } } }\n  }\n": typeof types.SupportViewerAndThreadsDocument,
    "\n  query WebViewer {\n    viewer { userId isAdmin }\n  }\n": typeof types.WebViewerDocument,
    "\n  fragment WebThreadRow on Thread {\n    id title projectId userId messageCount createdAt updatedAt deletedAt restoreUntil\n  }\n": typeof types.WebThreadRowFragmentDoc,
    "\n  query WebThreadList($first: Int!, $after: String, $filter: ThreadFilter) {\n    threads(first: $first, after: $after, filter: $filter) {\n      totalCount\n      totalCountExact\n      edges { cursor node { ...WebThreadRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.WebThreadListDocument,
    "\n  query WebThreadIds($after: String, $filter: ThreadFilter) {\n    threads(first: 100, after: $after, filter: $filter) {\n      edges { node { id } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.WebThreadIdsDocument,
    "\n  query WebThread($id: ID!, $after: String) {\n    thread(id: $id) {\n      ...WebThreadRow\n      conversationId\n      messages(first: 30, after: $after) {\n        totalCount\n        edges { cursor node { id role content createdAt } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": typeof types.WebThreadDocument,
    "\n  query WebAuditTrail($threadId: ID!) {\n    auditEntries(threadId: $threadId, first: 50) {\n      edges { node { id action actor owner messageCount createdAt } }\n    }\n  }\n": typeof types.WebAuditTrailDocument,
    "\n  query WebTrash($first: Int!, $after: String, $filter: ThreadFilter) {\n    deletedThreads(first: $first, after: $after, filter: $filter) {\n      totalCount\n      totalCountExact\n      edges { cursor node { ...WebThreadRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.WebTrashDocument,
    "\n  query WebTrashIds($after: String, $filter: ThreadFilter) {\n    deletedThreads(first: 100, after: $after, filter: $filter) {\n      edges { node { id } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.WebTrashIdsDocument,
    "\n  fragment WebDeleteResult on ThreadDeleteResult {\n    threadId threadTitle outcome status message errors deletedMessageCount restoreUntil\n    backupCreated backupLocation\n    thread { id deletedAt restoreUntil }\n  }\n": typeof types.WebDeleteResultFragmentDoc,
    "\n  mutation WebDeleteThread($threadId: ID!, $options: DeleteThreadOptions) {\n    deleteThread(threadId: $threadId, options: $options) { ...WebDeleteResult }\n  }\n": typeof types.WebDeleteThreadDocument,
    "\n  mutation WebDeleteThreads($threadIds: [ID!]!, $options: DeleteThreadOptions) {\n    deleteThreads(threadIds: $threadIds, options: $options) { ...WebDeleteResult }\n  }\n": typeof types.WebDeleteThreadsDocument,
    "\n  mutation WebRestoreThread($threadId: ID!) {\n    restoreThread(threadId: $threadId) { ...WebThreadRow }\n  }\n": typeof types.WebRestoreThreadDocument,
    "\n  subscription WebThreadEvents($filter: ThreadEventFilter) {\n    threadEvents(filter: $filter) { id kind threadId owner messageCount restoreUntil }\n  }\n": typeof types.WebThreadEventsDocument,
};
const documents: Documents = {
    "\n  subscription LiveThreadEvents {\n    threadEvents { id kind threadId messageCount at }\n  }\n": types.LiveThreadEventsDocument,
    "\n  mutation DeleteThread($threadId: ID!, $options: DeleteThreadOptions) {\n    deleteThread(threadId: $threadId, options: $options) { threadId outcome thread { id deletedAt restoreUntil } }\n  }\n": types.DeleteThreadDocument,
    "\n  query Threads($first: Int, $after: String) {\n    threads(first: $first, after: $after) {\n      edges { cursor node { id title deletedAt } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.ThreadsDocument,
    "\n  query Trash {\n    deletedThreads(first: 10) {\n      edges { cursor node { id deletedAt } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.TrashDocument,
    "fragment CachedThread on Thread { id deletedAt }": types.CachedThreadFragmentDoc,
    "\n  query NewestThreads($first: Int!) {\n    threads(first: $first) { edges { node { id title messageCount } } }\n  }\n": types.NewestThreadsDocument,
    "\n  query ThreadAndAudit($id: ID!) {\n    thread(id: $id) { id messageCount deletedAt }\n    auditEntries(threadId: $id, first: 10) { edges { node { action actor messageCount } } }\n  }\n": types.ThreadAndAuditDocument,
    "\n  mutation SupportCreateThread($input: CreateThreadInput!) {\n    createThread(input: $input) { id title }\n  }\n": types.SupportCreateThreadDocument,
    "\n  mutation SupportAddMessage($input: AddMessageInput!) {\n    addMessage(input: $input) { id }\n  }\n": types.SupportAddMessageDocument,
    "\n  query SupportViewerAndThreads($filter: ThreadFilter) {\n    viewer { userId isAdmin }\n    threads(first: 100, filter: $filter) { totalCount edges { node { id userId } } }\n    deletedThreads(first: 100, filter: $filter) { totalCount edges { node { id userId } } }\n  }\n": types.SupportViewerAndThreadsDocument,
    "\n  query WebViewer {\n    viewer { userId isAdmin }\n  }\n": types.WebViewerDocument,
    "\n  fragment WebThreadRow on Thread {\n    id title projectId userId messageCount createdAt updatedAt deletedAt restoreUntil\n  }\n": types.WebThreadRowFragmentDoc,
    "\n  query WebThreadList($first: Int!, $after: String, $filter: ThreadFilter) {\n    threads(first: $first, after: $after, filter: $filter) {\n      totalCount\n      totalCountExact\n      edges { cursor node { ...WebThreadRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.WebThreadListDocument,
    "\n  query WebThreadIds($after: String, $filter: ThreadFilter) {\n    threads(first: 100, after: $after, filter: $filter) {\n      edges { node { id } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.WebThreadIdsDocument,
    "\n  query WebThread($id: ID!, $after: String) {\n    thread(id: $id) {\n      ...WebThreadRow\n      conversationId\n      messages(first: 30, after: $after) {\n        totalCount\n        edges { cursor node { id role content createdAt } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": types.WebThreadDocument,
    "\n  query WebAuditTrail($threadId: ID!) {\n    auditEntries(threadId: $threadId, first: 50) {\n      edges { node { id action actor owner messageCount createdAt } }\n    }\n  }\n": types.WebAuditTrailDocument,
    "\n  query WebTrash($first: Int!, $after: String, $filter: ThreadFilter) {\n    deletedThreads(first: $first, after: $after, filter: $filter) {\n      totalCount\n      totalCountExact\n      edges { cursor node { ...WebThreadRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.WebTrashDocument,
    "\n  query WebTrashIds($after: String, $filter: ThreadFilter) {\n    deletedThreads(first: 100, after: $after, filter: $filter) {\n      edges { node { id } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.WebTrashIdsDocument,
    "\n  fragment WebDeleteResult on ThreadDeleteResult {\n    threadId threadTitle outcome status message errors deletedMessageCount restoreUntil\n    backupCreated backupLocation\n    thread { id deletedAt restoreUntil }\n  }\n": types.WebDeleteResultFragmentDoc,
    "\n  mutation WebDeleteThread($threadId: ID!, $options: DeleteThreadOptions) {\n    deleteThread(threadId: $threadId, options: $options) { ...WebDeleteResult }\n  }\n": types.WebDeleteThreadDocument,
    "\n  mutation WebDeleteThreads($threadIds: [ID!]!, $options: DeleteThreadOptions) {\n    deleteThreads(threadIds: $threadIds, options: $options) { ...WebDeleteResult }\n  }\n": types.WebDeleteThreadsDocument,
    "\n  mutation WebRestoreThread($threadId: ID!) {\n    restoreThread(threadId: $threadId) { ...WebThreadRow }\n  }\n": types.WebRestoreThreadDocument,
    "\n  subscription WebThreadEvents($filter: ThreadEventFilter) {\n    threadEvents(filter: $filter) { id kind threadId owner messageCount restoreUntil }\n  }\n": types.WebThreadEventsDocument,
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
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SupportCreateThread($input: CreateThreadInput!) {\n    createThread(input: $input) { id title }\n  }\n"): (typeof documents)["\n  mutation SupportCreateThread($input: CreateThreadInput!) {\n    createThread(input: $input) { id title }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SupportAddMessage($input: AddMessageInput!) {\n    addMessage(input: $input) { id }\n  }\n"): (typeof documents)["\n  mutation SupportAddMessage($input: AddMessageInput!) {\n    addMessage(input: $input) { id }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SupportViewerAndThreads($filter: ThreadFilter) {\n    viewer { userId isAdmin }\n    threads(first: 100, filter: $filter) { totalCount edges { node { id userId } } }\n    deletedThreads(first: 100, filter: $filter) { totalCount edges { node { id userId } } }\n  }\n"): (typeof documents)["\n  query SupportViewerAndThreads($filter: ThreadFilter) {\n    viewer { userId isAdmin }\n    threads(first: 100, filter: $filter) { totalCount edges { node { id userId } } }\n    deletedThreads(first: 100, filter: $filter) { totalCount edges { node { id userId } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebViewer {\n    viewer { userId isAdmin }\n  }\n"): (typeof documents)["\n  query WebViewer {\n    viewer { userId isAdmin }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WebThreadRow on Thread {\n    id title projectId userId messageCount createdAt updatedAt deletedAt restoreUntil\n  }\n"): (typeof documents)["\n  fragment WebThreadRow on Thread {\n    id title projectId userId messageCount createdAt updatedAt deletedAt restoreUntil\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebThreadList($first: Int!, $after: String, $filter: ThreadFilter) {\n    threads(first: $first, after: $after, filter: $filter) {\n      totalCount\n      totalCountExact\n      edges { cursor node { ...WebThreadRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query WebThreadList($first: Int!, $after: String, $filter: ThreadFilter) {\n    threads(first: $first, after: $after, filter: $filter) {\n      totalCount\n      totalCountExact\n      edges { cursor node { ...WebThreadRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebThreadIds($after: String, $filter: ThreadFilter) {\n    threads(first: 100, after: $after, filter: $filter) {\n      edges { node { id } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query WebThreadIds($after: String, $filter: ThreadFilter) {\n    threads(first: 100, after: $after, filter: $filter) {\n      edges { node { id } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebThread($id: ID!, $after: String) {\n    thread(id: $id) {\n      ...WebThreadRow\n      conversationId\n      messages(first: 30, after: $after) {\n        totalCount\n        edges { cursor node { id role content createdAt } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"): (typeof documents)["\n  query WebThread($id: ID!, $after: String) {\n    thread(id: $id) {\n      ...WebThreadRow\n      conversationId\n      messages(first: 30, after: $after) {\n        totalCount\n        edges { cursor node { id role content createdAt } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebAuditTrail($threadId: ID!) {\n    auditEntries(threadId: $threadId, first: 50) {\n      edges { node { id action actor owner messageCount createdAt } }\n    }\n  }\n"): (typeof documents)["\n  query WebAuditTrail($threadId: ID!) {\n    auditEntries(threadId: $threadId, first: 50) {\n      edges { node { id action actor owner messageCount createdAt } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebTrash($first: Int!, $after: String, $filter: ThreadFilter) {\n    deletedThreads(first: $first, after: $after, filter: $filter) {\n      totalCount\n      totalCountExact\n      edges { cursor node { ...WebThreadRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query WebTrash($first: Int!, $after: String, $filter: ThreadFilter) {\n    deletedThreads(first: $first, after: $after, filter: $filter) {\n      totalCount\n      totalCountExact\n      edges { cursor node { ...WebThreadRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebTrashIds($after: String, $filter: ThreadFilter) {\n    deletedThreads(first: 100, after: $after, filter: $filter) {\n      edges { node { id } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query WebTrashIds($after: String, $filter: ThreadFilter) {\n    deletedThreads(first: 100, after: $after, filter: $filter) {\n      edges { node { id } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WebDeleteResult on ThreadDeleteResult {\n    threadId threadTitle outcome status message errors deletedMessageCount restoreUntil\n    backupCreated backupLocation\n    thread { id deletedAt restoreUntil }\n  }\n"): (typeof documents)["\n  fragment WebDeleteResult on ThreadDeleteResult {\n    threadId threadTitle outcome status message errors deletedMessageCount restoreUntil\n    backupCreated backupLocation\n    thread { id deletedAt restoreUntil }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WebDeleteThread($threadId: ID!, $options: DeleteThreadOptions) {\n    deleteThread(threadId: $threadId, options: $options) { ...WebDeleteResult }\n  }\n"): (typeof documents)["\n  mutation WebDeleteThread($threadId: ID!, $options: DeleteThreadOptions) {\n    deleteThread(threadId: $threadId, options: $options) { ...WebDeleteResult }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WebDeleteThreads($threadIds: [ID!]!, $options: DeleteThreadOptions) {\n    deleteThreads(threadIds: $threadIds, options: $options) { ...WebDeleteResult }\n  }\n"): (typeof documents)["\n  mutation WebDeleteThreads($threadIds: [ID!]!, $options: DeleteThreadOptions) {\n    deleteThreads(threadIds: $threadIds, options: $options) { ...WebDeleteResult }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WebRestoreThread($threadId: ID!) {\n    restoreThread(threadId: $threadId) { ...WebThreadRow }\n  }\n"): (typeof documents)["\n  mutation WebRestoreThread($threadId: ID!) {\n    restoreThread(threadId: $threadId) { ...WebThreadRow }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription WebThreadEvents($filter: ThreadEventFilter) {\n    threadEvents(filter: $filter) { id kind threadId owner messageCount restoreUntil }\n  }\n"): (typeof documents)["\n  subscription WebThreadEvents($filter: ThreadEventFilter) {\n    threadEvents(filter: $filter) { id kind threadId owner messageCount restoreUntil }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;