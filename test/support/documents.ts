import { graphql } from '../../gql/index.js';

// Typed documents for the tests (GraphQL Code Generator: `npm run codegen` after changing one).
// `t.graphql(DOCUMENT, variables)` then checks the variables and types the answer's data.

/** The caller's newest live threads, `first` of them. */
export const NEWEST_THREADS = graphql(`
  query NewestThreads($first: Int!) {
    threads(first: $first) { edges { node { id title messageCount } } }
  }
`);

/** Everything a walkthrough leaves behind on one thread: the thread (null once gone) and its audit trail. */
export const THREAD_AND_AUDIT = graphql(`
  query ThreadAndAudit($id: ID!) {
    thread(id: $id) { id messageCount deletedAt }
    auditEntries(threadId: $id, first: 10) { edges { node { action actor messageCount } } }
  }
`);

export const CREATE_THREAD = graphql(`
  mutation SupportCreateThread($input: CreateThreadInput!) {
    createThread(input: $input) { id title }
  }
`);

export const ADD_MESSAGE = graphql(`
  mutation SupportAddMessage($input: AddMessageInput!) {
    addMessage(input: $input) { id }
  }
`);

export const VIEWER_AND_THREADS = graphql(`
  query SupportViewerAndThreads($filter: ThreadFilter) {
    viewer { userId isAdmin }
    threads(first: 100, filter: $filter) { totalCount edges { node { id userId } } }
    deletedThreads(first: 100, filter: $filter) { totalCount edges { node { id userId } } }
  }
`);
