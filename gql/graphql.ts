/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** What an audit entry records. */
export type AuditAction =
  /** A thread and its messages were deleted for good (deleteThread, or REST). */
  | 'DELETE_PERMANENT'
  /** A thread was moved to the trash (deleteThread with mode SOFT). */
  | 'DELETE_SOFT'
  /** A thread in the trash was deleted for good when its restore window closed. */
  | 'PURGE'
  /** A thread came back from the trash (restoreThread), or from a backup (import). */
  | 'RESTORE';

/** Custom metadata container for extensibility: structured key-value metadata that doesn't fit into predefined fields. Echoed back in the result's customMetadata. */
export type CustomMetadataInput = {
  /** Additional annotations. */
  annotations?: Record<string, string> | null | undefined;
  /** Any other key-value metadata. */
  extra?: Record<string, string> | null | undefined;
  /** Key-value labels. */
  labels?: Record<string, string> | null | undefined;
  /** Data source identifier. */
  source?: string | null | undefined;
  /** List of tags for categorization. */
  tags?: Array<string> | null | undefined;
  /** Data version. */
  version?: string | null | undefined;
};

/** How a thread is deleted. */
export type DeleteMode =
  /** Remove the thread and all its messages for good, in one transaction. */
  | 'PERMANENT'
  /** Move the thread to the trash: hidden everywhere but deletedThreads, restorable for the retention window. */
  | 'SOFT';

/** What became of a delete: DELETED, SOFT_DELETED or DRY_RUN when status is "success"; otherwise the error code that stopped it, the same as errors[0]. Every error code is a value; a deleteThread result carries THREAD_NOT_FOUND, BACKUP_FAILED or BACKUP_QUOTA_EXCEEDED (other errors fail the mutation), a deleteThreads result also THREAD_BUSY, SERVICE_UNAVAILABLE, DATABASE_TIMEOUT or INTERNAL_SERVER_ERROR. */
export type DeleteOutcomeCode =
  /** Not deleted. The backup could not be written; nothing was deleted. */
  | 'BACKUP_FAILED'
  /** Not deleted. The caller's backups have used up their quota; nothing was deleted. */
  | 'BACKUP_QUOTA_EXCEEDED'
  /** Not deleted. Invalid input. */
  | 'BAD_USER_INPUT'
  /** Not deleted. The operation took longer than the database allows and was cancelled; nothing was changed. Retrying the same request will likely time out again. */
  | 'DATABASE_TIMEOUT'
  /** The thread and its messages are gone for good. */
  | 'DELETED'
  /** Nothing was changed: the result says what the delete would have done. */
  | 'DRY_RUN'
  /** Not deleted. Unexpected error. */
  | 'INTERNAL_SERVER_ERROR'
  /** Not deleted. Too many requests; try again after the time in Retry-After. */
  | 'RATE_LIMITED'
  /** Not deleted. The answer would be too large; ask for fewer items (a smaller first) or fewer fields. */
  | 'RESPONSE_TOO_LARGE'
  /** Not deleted. The database is unavailable; try again shortly. */
  | 'SERVICE_UNAVAILABLE'
  /** The thread is in the trash, restorable until restoreUntil. */
  | 'SOFT_DELETED'
  /** Not deleted. Another request is holding this thread; nothing was changed. Try again. */
  | 'THREAD_BUSY'
  /** Not deleted. Thread not found. */
  | 'THREAD_NOT_FOUND'
  /** Not deleted. Not authenticated. */
  | 'UNAUTHENTICATED';

/** Options of a delete; every one is optional. */
export type DeleteThreadOptions = {
  /** Write a gzipped JSON backup of the thread and its messages before deleting. */
  backup?: boolean;
  /** Caller metadata, echoed back in the result: at most 100 tags of 256 characters, 100 entries per map, 8192 bytes of JSON in all. */
  customMetadata?: CustomMetadataInput | null | undefined;
  /** Report what would be deleted without changing anything. */
  dryRun?: boolean;
  /** PERMANENT (default) or SOFT. */
  mode?: DeleteMode;
  /** Why the thread is deleted; kept in the audit entry (at most 1,000 characters). */
  reason?: string | null | undefined;
};

/** What happened to a thread. */
export type ThreadEventKind =
  /** The thread was created. */
  | 'CREATED'
  /** Permanently deleted (GraphQL, REST or bulk); messageCount messages went with it. */
  | 'DELETED'
  /** A message was added; messageCount is the thread's count after it. */
  | 'MESSAGE_ADDED'
  /** Its restore window closed and the purger deleted it with messageCount messages. */
  | 'PURGED'
  /** Back from the trash (or imported from a backup) with messageCount messages. */
  | 'RESTORED'
  /** Soft-deleted: in the trash until restoreUntil. */
  | 'TRASHED';

export type LiveThreadEventsSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type LiveThreadEventsSubscription = { threadEvents: { id: string, kind: ThreadEventKind, threadId: string, messageCount: number, at: string } };

export type DeleteThreadMutationVariables = Exact<{
  threadId: string;
  options?: DeleteThreadOptions | null | undefined;
}>;


export type DeleteThreadMutation = { deleteThread: { threadId: string, outcome: DeleteOutcomeCode, thread: { id: string, deletedAt: string | null, restoreUntil: string | null } | null } };

export type ThreadsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ThreadsQuery = { threads: { edges: Array<{ cursor: string, node: { id: string, title: string, deletedAt: string | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type TrashQueryVariables = Exact<{ [key: string]: never; }>;


export type TrashQuery = { deletedThreads: { edges: Array<{ cursor: string, node: { id: string, deletedAt: string | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type CachedThreadFragment = { id: string, deletedAt: string | null };

export type NewestThreadsQueryVariables = Exact<{
  first: number;
}>;


export type NewestThreadsQuery = { threads: { edges: Array<{ node: { id: string, title: string, messageCount: number } }> } };

export type ThreadAndAuditQueryVariables = Exact<{
  id: string;
}>;


export type ThreadAndAuditQuery = { thread: { id: string, messageCount: number, deletedAt: string | null } | null, auditEntries: { edges: Array<{ node: { action: AuditAction, actor: string, messageCount: number } }> } };

export const CachedThreadFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CachedThread"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Thread"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"deletedAt"}}]}}]} as unknown as DocumentNode<CachedThreadFragment, unknown>;
export const LiveThreadEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"LiveThreadEvents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"threadEvents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"threadId"}},{"kind":"Field","name":{"kind":"Name","value":"messageCount"}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}}]}}]} as unknown as DocumentNode<LiveThreadEventsSubscription, LiveThreadEventsSubscriptionVariables>;
export const DeleteThreadDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteThread"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"threadId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"options"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteThreadOptions"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteThread"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"threadId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"threadId"}}},{"kind":"Argument","name":{"kind":"Name","value":"options"},"value":{"kind":"Variable","name":{"kind":"Name","value":"options"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"threadId"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"thread"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"deletedAt"}},{"kind":"Field","name":{"kind":"Name","value":"restoreUntil"}}]}}]}}]}}]} as unknown as DocumentNode<DeleteThreadMutation, DeleteThreadMutationVariables>;
export const ThreadsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Threads"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"threads"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"deletedAt"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<ThreadsQuery, ThreadsQueryVariables>;
export const TrashDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Trash"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deletedThreads"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"deletedAt"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<TrashQuery, TrashQueryVariables>;
export const NewestThreadsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"NewestThreads"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"threads"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"messageCount"}}]}}]}}]}}]}}]} as unknown as DocumentNode<NewestThreadsQuery, NewestThreadsQueryVariables>;
export const ThreadAndAuditDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ThreadAndAudit"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"thread"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"messageCount"}},{"kind":"Field","name":{"kind":"Name","value":"deletedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"auditEntries"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"threadId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"messageCount"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ThreadAndAuditQuery, ThreadAndAuditQueryVariables>;