import type { ValidationIssue } from '../../src/errors.js';
import type { ThreadDeleteResult } from '../../src/threads/delete/thread-delete.result.js';

export type { ThreadDeleteResult };

/** `PageInfo`, as a response carries it (the fields a query selects). */
export interface GqlPageInfo {
  hasNextPage: boolean;
  hasPreviousPage?: boolean;
  startCursor?: string | null;
  endCursor: string | null;
}

/** A page of a Relay connection (`ThreadConnection`, `MessageConnection`, `AuditEntryConnection`). */
export interface GqlConnection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: GqlPageInfo;
  totalCount?: number;
  totalCountExact?: boolean;
}

/** `Message`, as a response carries it (timestamps are ISO 8601 strings). */
export interface GqlMessage {
  id: string;
  threadId: string;
  role: string;
  content: string;
  createdAt: string;
}

/** `Thread`, as a response carries it (timestamps are ISO 8601 strings). */
export interface GqlThread {
  id: string;
  title: string;
  projectId: string | null;
  conversationId: string | null;
  userId: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  restoreUntil: string | null;
  messageCount: number;
  messages: GqlConnection<GqlMessage>;
}

/** `AuditEntry`, as a response carries it. */
export interface GqlAuditEntry {
  id: string;
  action: string;
  threadId: string;
  actor: string;
  owner: string;
  messageCount: number;
  requestId: string | null;
  traceId: string | null;
  createdAt: string;
}

/**
 * The root fields of the gateway's Query and Mutation types, by name: the `data` of an operation
 * that selects them without aliases (an operation with aliases names its own type).
 */
export interface GatewayData {
  thread: GqlThread | null;
  threads: GqlConnection<GqlThread>;
  deletedThreads: GqlConnection<GqlThread>;
  auditEntries: GqlConnection<GqlAuditEntry>;
  node: ((GqlThread | GqlMessage | GqlAuditEntry) & { __typename: string }) | null;
  createThread: GqlThread;
  addMessage: GqlMessage;
  deleteThread: ThreadDeleteResult;
  deleteThreads: ThreadDeleteResult[];
  restoreThread: GqlThread;
}

/** `extensions` of a GraphQL error from the gateway: its code, and the details some codes carry. */
export interface GqlErrorExtensions {
  code?: string;
  /** The pydantic-shaped issues of a BAD_USER_INPUT. */
  detail?: ValidationIssue[];
  /** When a RATE_LIMITED caller may try again. */
  retryAfterSeconds?: number;
  [key: string]: unknown;
}

/** An entry of a GraphQL response's `errors`. */
export interface GqlError {
  message: string;
  path?: string[];
  extensions?: GqlErrorExtensions;
}

/** The JSON body of a GraphQL response. */
export interface GqlBody<T = GatewayData> {
  data?: T | null;
  errors?: GqlError[];
}
