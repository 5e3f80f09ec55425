import type { ValidationIssue } from '../../src/errors.js';
import type { ThreadDeleteResult } from '../../src/threads/delete/thread-delete.result.js';

export type { ThreadDeleteResult };

/** `PageInfo`, as a response carries it. */
export interface GqlPageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

/** A page of a Relay-style connection (`ThreadConnection`, `MessageConnection`). */
export interface GqlConnection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: GqlPageInfo;
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
  auditEntries: GqlAuditEntry[];
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
