import { graphql } from '../gql/index.js';

// Every operation the app sends, typed by GraphQL Code Generator (`npm run codegen`).

export const VIEWER = graphql(`
  query WebViewer {
    viewer { userId isAdmin }
  }
`);

export const THREAD_ROW = graphql(`
  fragment WebThreadRow on Thread {
    id title projectId userId messageCount createdAt updatedAt deletedAt restoreUntil
  }
`);

export const THREAD_LIST = graphql(`
  query WebThreadList($first: Int!, $after: String, $filter: ThreadFilter) {
    threads(first: $first, after: $after, filter: $filter) {
      totalCount
      totalCountExact
      edges { cursor node { ...WebThreadRow } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const THREAD_IDS = graphql(`
  query WebThreadIds($after: String, $filter: ThreadFilter) {
    threads(first: 100, after: $after, filter: $filter) {
      edges { node { id } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const THREAD = graphql(`
  query WebThread($id: ID!, $after: String) {
    thread(id: $id) {
      ...WebThreadRow
      conversationId
      messages(first: 30, after: $after) {
        totalCount
        edges { cursor node { id role content createdAt } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`);

export const AUDIT_TRAIL = graphql(`
  query WebAuditTrail($threadId: ID!) {
    auditEntries(threadId: $threadId, first: 50) {
      edges { node { id action actor owner messageCount createdAt } }
    }
  }
`);

export const TRASH = graphql(`
  query WebTrash($first: Int!, $after: String, $filter: ThreadFilter) {
    deletedThreads(first: $first, after: $after, filter: $filter) {
      totalCount
      totalCountExact
      edges { cursor node { ...WebThreadRow } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const TRASH_IDS = graphql(`
  query WebTrashIds($after: String, $filter: ThreadFilter) {
    deletedThreads(first: 100, after: $after, filter: $filter) {
      edges { node { id } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const DELETE_RESULT = graphql(`
  fragment WebDeleteResult on ThreadDeleteResult {
    threadId threadTitle outcome status message errors deletedMessageCount restoreUntil
    backupCreated backupLocation
    thread { id deletedAt restoreUntil }
  }
`);

export const DELETE_THREAD = graphql(`
  mutation WebDeleteThread($threadId: ID!, $options: DeleteThreadOptions) {
    deleteThread(threadId: $threadId, options: $options) { ...WebDeleteResult }
  }
`);

export const DELETE_THREADS = graphql(`
  mutation WebDeleteThreads($threadIds: [ID!]!, $options: DeleteThreadOptions) {
    deleteThreads(threadIds: $threadIds, options: $options) { ...WebDeleteResult }
  }
`);

export const RESTORE_THREAD = graphql(`
  mutation WebRestoreThread($threadId: ID!) {
    restoreThread(threadId: $threadId) { ...WebThreadRow }
  }
`);

export const THREAD_EVENTS = graphql(`
  subscription WebThreadEvents($filter: ThreadEventFilter) {
    threadEvents(filter: $filter) { id kind threadId owner messageCount restoreUntil }
  }
`);
