import { graphql } from '../gql/index.js';

/**
 * The delete the cache updates of `apollo-client.ts` and `urql.ts` are written for: it selects
 * `threadId` and `outcome` (what they read) and the thread as the delete left it (which updates a
 * soft-deleted thread in the cache by itself).
 */
export const DELETE_THREAD = graphql(`
  mutation DeleteThread($threadId: ID!, $options: DeleteThreadOptions) {
    deleteThread(threadId: $threadId, options: $options) { threadId outcome thread { id deletedAt restoreUntil } }
  }
`);
