/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** A message to append to one of the caller's threads. */
export type AddMessageInput = {
  /** Text of the message (at most 100,000 characters). */
  content: string;
  /** Who wrote it: user, assistant, system or tool. */
  role: string;
  /** Thread to add the message to. */
  threadId: string;
};

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

/** A new thread, owned by the caller. */
export type CreateThreadInput = {
  /** Conversation the thread belongs to (at most 128 characters). */
  conversationId?: string | null | undefined;
  /** Project the thread belongs to (at most 128 characters). */
  projectId?: string | null | undefined;
  /** Title of the thread (1 to 500 characters). */
  title: string;
};

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

/** Who wrote a message. */
export type MessageRole =
  /** The assistant (the model) answering. */
  | 'assistant'
  /** Instructions given to the assistant. */
  | 'system'
  /** The output of a tool the assistant called. */
  | 'tool'
  /** The person using the chat. */
  | 'user';

/** Which events a subscription receives; every field narrows it, all are optional. */
export type ThreadEventFilter = {
  /** Only events of threads in this project. */
  projectId?: string | null | undefined;
  /** Only this thread's events. */
  threadId?: string | null | undefined;
  /** Admins only: the threads of this user instead of the caller's own (others get FORBIDDEN). */
  userId?: string | null | undefined;
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

/** Which threads to list; every condition given must hold. */
export type ThreadFilter = {
  /** Only threads created before this time (exclusive). */
  createdBefore?: string | null | undefined;
  /** Only threads created at or after this time. */
  createdFrom?: string | null | undefined;
  /** Only threads of this project (at most 128 characters). */
  projectId?: string | null | undefined;
  /** Only threads whose title contains this text, ignoring case: at most 100 characters, with at least three letters or digits in a row; % and _ are plain characters. On SQLite only ASCII letters are folded. */
  titleContains?: string | null | undefined;
  /** Only threads last updated before this time (exclusive). */
  updatedBefore?: string | null | undefined;
  /** Only threads last updated at or after this time. */
  updatedFrom?: string | null | undefined;
  /** Only threads owned by this user id (at most 128 characters). An admin may name anyone (to look up a user's threads); for anyone else only their own id matches, and another user's lists nothing, as if that user had no threads. */
  userId?: string | null | undefined;
};

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

export type SupportCreateThreadMutationVariables = Exact<{
  input: CreateThreadInput;
}>;


export type SupportCreateThreadMutation = { createThread: { id: string, title: string } };

export type SupportAddMessageMutationVariables = Exact<{
  input: AddMessageInput;
}>;


export type SupportAddMessageMutation = { addMessage: { id: string } };

export type SupportViewerAndThreadsQueryVariables = Exact<{
  filter?: ThreadFilter | null | undefined;
}>;


export type SupportViewerAndThreadsQuery = { viewer: { userId: string, isAdmin: boolean }, threads: { totalCount: number, edges: Array<{ node: { id: string, userId: string } }> }, deletedThreads: { totalCount: number, edges: Array<{ node: { id: string, userId: string } }> } };

export type WebViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type WebViewerQuery = { viewer: { userId: string, isAdmin: boolean } };

export type WebThreadRowFragment = { id: string, title: string, projectId: string | null, userId: string, messageCount: number, createdAt: string, updatedAt: string, deletedAt: string | null, restoreUntil: string | null };

export type WebThreadListQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  filter?: ThreadFilter | null | undefined;
}>;


export type WebThreadListQuery = { threads: { totalCount: number, totalCountExact: boolean, edges: Array<{ cursor: string, node: { id: string, title: string, projectId: string | null, userId: string, messageCount: number, createdAt: string, updatedAt: string, deletedAt: string | null, restoreUntil: string | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type WebThreadIdsQueryVariables = Exact<{
  after?: string | null | undefined;
  filter?: ThreadFilter | null | undefined;
}>;


export type WebThreadIdsQuery = { threads: { edges: Array<{ node: { id: string } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type WebThreadQueryVariables = Exact<{
  id: string;
  after?: string | null | undefined;
}>;


export type WebThreadQuery = { thread: { conversationId: string | null, id: string, title: string, projectId: string | null, userId: string, messageCount: number, createdAt: string, updatedAt: string, deletedAt: string | null, restoreUntil: string | null, messages: { totalCount: number, edges: Array<{ cursor: string, node: { id: string, role: MessageRole, content: string, createdAt: string } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type WebAuditTrailQueryVariables = Exact<{
  threadId: string;
}>;


export type WebAuditTrailQuery = { auditEntries: { edges: Array<{ node: { id: string, action: AuditAction, actor: string, owner: string, messageCount: number, createdAt: string } }> } };

export type WebTrashQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  filter?: ThreadFilter | null | undefined;
}>;


export type WebTrashQuery = { deletedThreads: { totalCount: number, totalCountExact: boolean, edges: Array<{ cursor: string, node: { id: string, title: string, projectId: string | null, userId: string, messageCount: number, createdAt: string, updatedAt: string, deletedAt: string | null, restoreUntil: string | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type WebTrashIdsQueryVariables = Exact<{
  after?: string | null | undefined;
  filter?: ThreadFilter | null | undefined;
}>;


export type WebTrashIdsQuery = { deletedThreads: { edges: Array<{ node: { id: string } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type WebDeleteResultFragment = { threadId: string, threadTitle: string | null, outcome: DeleteOutcomeCode, status: string, message: string, errors: Array<string> | null, deletedMessageCount: number | null, restoreUntil: string | null, backupCreated: boolean | null, backupLocation: string | null, thread: { id: string, deletedAt: string | null, restoreUntil: string | null } | null };

export type WebDeleteThreadMutationVariables = Exact<{
  threadId: string;
  options?: DeleteThreadOptions | null | undefined;
}>;


export type WebDeleteThreadMutation = { deleteThread: { threadId: string, threadTitle: string | null, outcome: DeleteOutcomeCode, status: string, message: string, errors: Array<string> | null, deletedMessageCount: number | null, restoreUntil: string | null, backupCreated: boolean | null, backupLocation: string | null, thread: { id: string, deletedAt: string | null, restoreUntil: string | null } | null } };

export type WebDeleteThreadsMutationVariables = Exact<{
  threadIds: Array<string> | string;
  options?: DeleteThreadOptions | null | undefined;
}>;


export type WebDeleteThreadsMutation = { deleteThreads: Array<{ threadId: string, threadTitle: string | null, outcome: DeleteOutcomeCode, status: string, message: string, errors: Array<string> | null, deletedMessageCount: number | null, restoreUntil: string | null, backupCreated: boolean | null, backupLocation: string | null, thread: { id: string, deletedAt: string | null, restoreUntil: string | null } | null }> };

export type WebRestoreThreadMutationVariables = Exact<{
  threadId: string;
}>;


export type WebRestoreThreadMutation = { restoreThread: { id: string, title: string, projectId: string | null, userId: string, messageCount: number, createdAt: string, updatedAt: string, deletedAt: string | null, restoreUntil: string | null } };

export type WebThreadEventsSubscriptionVariables = Exact<{
  filter?: ThreadEventFilter | null | undefined;
}>;


export type WebThreadEventsSubscription = { threadEvents: { id: string, kind: ThreadEventKind, threadId: string, owner: string, messageCount: number, restoreUntil: string | null } };

export const CachedThreadFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CachedThread"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Thread"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"deletedAt"}}]}}]} as unknown as DocumentNode<CachedThreadFragment, unknown>;
export const WebThreadRowFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebThreadRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Thread"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"projectId"}},{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"messageCount"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"deletedAt"}},{"kind":"Field","name":{"kind":"Name","value":"restoreUntil"}}]}}]} as unknown as DocumentNode<WebThreadRowFragment, unknown>;
export const WebDeleteResultFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebDeleteResult"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ThreadDeleteResult"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"threadId"}},{"kind":"Field","name":{"kind":"Name","value":"threadTitle"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"errors"}},{"kind":"Field","name":{"kind":"Name","value":"deletedMessageCount"}},{"kind":"Field","name":{"kind":"Name","value":"restoreUntil"}},{"kind":"Field","name":{"kind":"Name","value":"backupCreated"}},{"kind":"Field","name":{"kind":"Name","value":"backupLocation"}},{"kind":"Field","name":{"kind":"Name","value":"thread"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"deletedAt"}},{"kind":"Field","name":{"kind":"Name","value":"restoreUntil"}}]}}]}}]} as unknown as DocumentNode<WebDeleteResultFragment, unknown>;
export const LiveThreadEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"LiveThreadEvents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"threadEvents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"threadId"}},{"kind":"Field","name":{"kind":"Name","value":"messageCount"}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}}]}}]} as unknown as DocumentNode<LiveThreadEventsSubscription, LiveThreadEventsSubscriptionVariables>;
export const DeleteThreadDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteThread"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"threadId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"options"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteThreadOptions"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteThread"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"threadId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"threadId"}}},{"kind":"Argument","name":{"kind":"Name","value":"options"},"value":{"kind":"Variable","name":{"kind":"Name","value":"options"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"threadId"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"thread"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"deletedAt"}},{"kind":"Field","name":{"kind":"Name","value":"restoreUntil"}}]}}]}}]}}]} as unknown as DocumentNode<DeleteThreadMutation, DeleteThreadMutationVariables>;
export const ThreadsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Threads"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"threads"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"deletedAt"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<ThreadsQuery, ThreadsQueryVariables>;
export const TrashDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Trash"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deletedThreads"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"deletedAt"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<TrashQuery, TrashQueryVariables>;
export const NewestThreadsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"NewestThreads"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"threads"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"messageCount"}}]}}]}}]}}]}}]} as unknown as DocumentNode<NewestThreadsQuery, NewestThreadsQueryVariables>;
export const ThreadAndAuditDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ThreadAndAudit"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"thread"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"messageCount"}},{"kind":"Field","name":{"kind":"Name","value":"deletedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"auditEntries"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"threadId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"messageCount"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ThreadAndAuditQuery, ThreadAndAuditQueryVariables>;
export const SupportCreateThreadDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SupportCreateThread"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateThreadInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createThread"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}}]} as unknown as DocumentNode<SupportCreateThreadMutation, SupportCreateThreadMutationVariables>;
export const SupportAddMessageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SupportAddMessage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AddMessageInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addMessage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<SupportAddMessageMutation, SupportAddMessageMutationVariables>;
export const SupportViewerAndThreadsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SupportViewerAndThreads"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ThreadFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"isAdmin"}}]}},{"kind":"Field","name":{"kind":"Name","value":"threads"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"userId"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"deletedThreads"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"userId"}}]}}]}}]}}]}}]} as unknown as DocumentNode<SupportViewerAndThreadsQuery, SupportViewerAndThreadsQueryVariables>;
export const WebViewerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebViewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"isAdmin"}}]}}]}}]} as unknown as DocumentNode<WebViewerQuery, WebViewerQueryVariables>;
export const WebThreadListDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebThreadList"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ThreadFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"threads"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"totalCountExact"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebThreadRow"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebThreadRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Thread"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"projectId"}},{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"messageCount"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"deletedAt"}},{"kind":"Field","name":{"kind":"Name","value":"restoreUntil"}}]}}]} as unknown as DocumentNode<WebThreadListQuery, WebThreadListQueryVariables>;
export const WebThreadIdsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebThreadIds"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ThreadFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"threads"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<WebThreadIdsQuery, WebThreadIdsQueryVariables>;
export const WebThreadDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebThread"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"thread"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebThreadRow"}},{"kind":"Field","name":{"kind":"Name","value":"conversationId"}},{"kind":"Field","name":{"kind":"Name","value":"messages"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"30"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"content"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebThreadRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Thread"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"projectId"}},{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"messageCount"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"deletedAt"}},{"kind":"Field","name":{"kind":"Name","value":"restoreUntil"}}]}}]} as unknown as DocumentNode<WebThreadQuery, WebThreadQueryVariables>;
export const WebAuditTrailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebAuditTrail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"threadId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"auditEntries"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"threadId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"threadId"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"owner"}},{"kind":"Field","name":{"kind":"Name","value":"messageCount"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}}]}}]}}]} as unknown as DocumentNode<WebAuditTrailQuery, WebAuditTrailQueryVariables>;
export const WebTrashDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebTrash"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ThreadFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deletedThreads"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"totalCountExact"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebThreadRow"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebThreadRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Thread"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"projectId"}},{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"messageCount"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"deletedAt"}},{"kind":"Field","name":{"kind":"Name","value":"restoreUntil"}}]}}]} as unknown as DocumentNode<WebTrashQuery, WebTrashQueryVariables>;
export const WebTrashIdsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebTrashIds"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ThreadFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deletedThreads"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<WebTrashIdsQuery, WebTrashIdsQueryVariables>;
export const WebDeleteThreadDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebDeleteThread"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"threadId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"options"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteThreadOptions"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteThread"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"threadId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"threadId"}}},{"kind":"Argument","name":{"kind":"Name","value":"options"},"value":{"kind":"Variable","name":{"kind":"Name","value":"options"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebDeleteResult"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebDeleteResult"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ThreadDeleteResult"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"threadId"}},{"kind":"Field","name":{"kind":"Name","value":"threadTitle"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"errors"}},{"kind":"Field","name":{"kind":"Name","value":"deletedMessageCount"}},{"kind":"Field","name":{"kind":"Name","value":"restoreUntil"}},{"kind":"Field","name":{"kind":"Name","value":"backupCreated"}},{"kind":"Field","name":{"kind":"Name","value":"backupLocation"}},{"kind":"Field","name":{"kind":"Name","value":"thread"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"deletedAt"}},{"kind":"Field","name":{"kind":"Name","value":"restoreUntil"}}]}}]}}]} as unknown as DocumentNode<WebDeleteThreadMutation, WebDeleteThreadMutationVariables>;
export const WebDeleteThreadsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebDeleteThreads"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"threadIds"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"options"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteThreadOptions"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteThreads"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"threadIds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"threadIds"}}},{"kind":"Argument","name":{"kind":"Name","value":"options"},"value":{"kind":"Variable","name":{"kind":"Name","value":"options"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebDeleteResult"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebDeleteResult"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ThreadDeleteResult"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"threadId"}},{"kind":"Field","name":{"kind":"Name","value":"threadTitle"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"errors"}},{"kind":"Field","name":{"kind":"Name","value":"deletedMessageCount"}},{"kind":"Field","name":{"kind":"Name","value":"restoreUntil"}},{"kind":"Field","name":{"kind":"Name","value":"backupCreated"}},{"kind":"Field","name":{"kind":"Name","value":"backupLocation"}},{"kind":"Field","name":{"kind":"Name","value":"thread"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"deletedAt"}},{"kind":"Field","name":{"kind":"Name","value":"restoreUntil"}}]}}]}}]} as unknown as DocumentNode<WebDeleteThreadsMutation, WebDeleteThreadsMutationVariables>;
export const WebRestoreThreadDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebRestoreThread"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"threadId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"restoreThread"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"threadId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"threadId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebThreadRow"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebThreadRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Thread"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"projectId"}},{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"messageCount"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"deletedAt"}},{"kind":"Field","name":{"kind":"Name","value":"restoreUntil"}}]}}]} as unknown as DocumentNode<WebRestoreThreadMutation, WebRestoreThreadMutationVariables>;
export const WebThreadEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"WebThreadEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ThreadEventFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"threadEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"threadId"}},{"kind":"Field","name":{"kind":"Name","value":"owner"}},{"kind":"Field","name":{"kind":"Name","value":"messageCount"}},{"kind":"Field","name":{"kind":"Name","value":"restoreUntil"}}]}}]}}]} as unknown as DocumentNode<WebThreadEventsSubscription, WebThreadEventsSubscriptionVariables>;