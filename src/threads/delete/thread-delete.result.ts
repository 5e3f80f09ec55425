import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ERROR_MAP, type ErrorCode } from '../../errors.js';
import { CustomMetadataInfo } from '../custom-metadata.types.js';
import { Thread } from '../thread.entity.js';

/** Codes only a subscription gets (over WebSocket): no delete ever stops with them. */
type SubscriptionOnlyCode = 'FORBIDDEN' | 'TOO_MANY_SUBSCRIPTIONS';
export const SUBSCRIPTION_ONLY_CODES: readonly string[] = [
  'FORBIDDEN',
  'TOO_MANY_SUBSCRIPTIONS',
] satisfies SubscriptionOnlyCode[];
type DeleteErrorCode = Exclude<ErrorCode, SubscriptionOnlyCode>;
const DELETE_ERRORS = Object.entries(ERROR_MAP).filter(([code]) => !SUBSCRIPTION_ONLY_CODES.includes(code));

/** What became of one delete: it happened (one of three ways), or the error code that stopped it. */
export const DeleteOutcomeCode = Object.freeze({
  DELETED: 'DELETED',
  SOFT_DELETED: 'SOFT_DELETED',
  DRY_RUN: 'DRY_RUN',
  ...(Object.fromEntries(DELETE_ERRORS.map(([code]) => [code, code])) as { readonly [C in DeleteErrorCode]: C }),
});
export type DeleteOutcomeCode = (typeof DeleteOutcomeCode)[keyof typeof DeleteOutcomeCode];

registerEnumType(DeleteOutcomeCode, {
  name: 'DeleteOutcomeCode',
  description:
    'What became of a delete: DELETED, SOFT_DELETED or DRY_RUN when status is "success"; otherwise the ' +
    'error code that stopped it, the same as errors[0]. Every error code is a value; a deleteThread result ' +
    'carries THREAD_NOT_FOUND, BACKUP_FAILED or BACKUP_QUOTA_EXCEEDED (other errors fail the mutation), ' +
    'a deleteThreads result also THREAD_BUSY, SERVICE_UNAVAILABLE, DATABASE_TIMEOUT or INTERNAL_SERVER_ERROR.',
  valuesConfig: {
    DELETED: { description: 'The thread and its messages are gone for good.' },
    SOFT_DELETED: { description: 'The thread is in the trash, restorable until restoreUntil.' },
    DRY_RUN: { description: 'Nothing was changed: the result says what the delete would have done.' },
    ...Object.fromEntries(
      DELETE_ERRORS.map(([code, { message }]) => [code, { description: `Not deleted. ${message}` }]),
    ),
  },
});

/**
 * The original `ThreadDeleteResponse`: the same 36 fields and names, their values exactly the
 * original's, for GraphQL (`ThreadDeleteResult`) and, key for key, for the REST shim's 200 body.
 * In GraphQL the ids are `ID` and the times `DateTimeISO` (both JSON strings, the same values), and
 * `outcome`, `dryRun` and `thread` follow the 36 (GraphQL only).
 */
@ObjectType({
  description:
    'Thread deletion response: confirms the deletion of a conversation thread and all its messages, ' +
    'field for field the ThreadDeleteResponse of DELETE /api/chat/threads/{thread_id}, followed by ' +
    'outcome, dryRun and thread (GraphQL only).',
})
export class ThreadDeleteResult {
  @Field({ description: "Deletion status ('success' or 'error')" })
  status!: 'success' | 'error';

  @Field({ description: 'Human-readable confirmation message' })
  message!: string;

  @Field(() => ID, { description: 'ID of deleted thread' })
  threadId!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'Number of messages deleted with the thread (or that would be, in a dry run).',
  })
  deletedMessageCount?: number | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the thread was deleted (ISO 8601, UTC).' })
  deletedAt?: string | null;

  @Field(() => String, { nullable: true, description: 'User id of the caller who deleted the thread.' })
  deletedBy?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'True when the thread was moved to the trash (restorable).' })
  softDelete?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'True when the thread and its messages were removed for good.' })
  permanentDelete?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'True when restoreThread can bring the thread back.' })
  canRestore?: boolean | null;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'Until when the thread can be restored (ISO 8601, UTC).',
  })
  restoreUntil?: string | null;

  @Field(() => String, { nullable: true, description: 'Title of the deleted thread.' })
  threadTitle?: string | null;

  @Field(() => String, { nullable: true, description: 'Project the deleted thread belonged to.' })
  projectId?: string | null;

  @Field(() => String, { nullable: true, description: 'Conversation the deleted thread belonged to.' })
  conversationId?: string | null;

  @Field(() => String, { nullable: true, description: 'Request id (the X-Request-ID header, or generated).' })
  requestId?: string | null;

  @Field(() => String, { nullable: true, description: 'Id of the user who owned the thread.' })
  userId?: string | null;

  @Field(() => String, { nullable: true, description: 'Session id from the X-Session-ID header.' })
  sessionId?: string | null;

  @Field(() => String, { nullable: true, description: 'W3C trace id (from traceparent, or generated).' })
  traceId?: string | null;

  @Field(() => String, { nullable: true, description: 'Correlation id from the X-Correlation-ID header.' })
  correlationId?: string | null;

  @Field(() => Float, { nullable: true, description: 'Time the server spent on the delete, in milliseconds.' })
  operationDurationMs?: number | null;

  @Field(() => String, { nullable: true, description: 'API version (API_VERSION).' })
  apiVersion?: string | null;

  @Field(() => String, { nullable: true, description: 'Version of the gateway that served the request.' })
  serverVersion?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Client version from X-Client-Version or apollographql-client-version.',
  })
  clientVersion?: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the response was produced (ISO 8601, UTC).' })
  timestamp?: string | null;

  @Field(() => [String], { nullable: true, description: 'Error codes, e.g. THREAD_NOT_FOUND; empty on success.' })
  errors?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Warnings, e.g. that a dry run changed nothing.' })
  warnings?: string[] | null;

  @Field(() => Int, { nullable: true, description: 'Number of entries in errors.' })
  errorCount?: number | null;

  @Field(() => Int, { nullable: true, description: 'Number of entries in warnings.' })
  warningCount?: number | null;

  @Field(() => ID, { nullable: true, description: 'Id of the audit entry recording the delete (see auditEntries).' })
  auditLogId?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'True when a backup was written before the delete.' })
  backupCreated?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Storage key of the backup, relative to the backup store.' })
  backupLocation?: string | null;

  @Field(() => String, { nullable: true, description: 'Deployment environment (APP_ENV).' })
  environment?: string | null;

  @Field(() => String, { nullable: true, description: 'Region that served the request (REGION).' })
  region?: string | null;

  @Field(() => CustomMetadataInfo, { nullable: true, description: "The caller's custom metadata, echoed." })
  customMetadata?: CustomMetadataInfo | null;

  @Field(() => String, { nullable: true, description: 'Set on the legacy REST route: it is deprecated.' })
  deprecationNotice?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Set on the legacy REST route: how to move to the GraphQL mutation.',
  })
  migrationGuide?: string | null;

  @Field(() => CustomMetadataInfo, { nullable: true, description: 'Metadata the gateway adds: transport and mode.' })
  extra?: CustomMetadataInfo | null;

  @Field(() => DeleteOutcomeCode, {
    description:
      'What became of the delete, to switch over: DELETED, SOFT_DELETED, DRY_RUN, or the error code (GraphQL only).',
  })
  outcome!: DeleteOutcomeCode;

  @Field({
    description:
      'True when the delete was a dry run (options.dryRun): nothing was changed, whatever softDelete, ' +
      'canRestore and deletedAt say (GraphQL only).',
  })
  dryRun!: boolean;

  @Field(() => Thread, {
    nullable: true,
    description:
      'The thread as the delete left it, for client caches: in the trash (deletedAt and restoreUntil set) ' +
      'after a soft delete, unchanged after a dry run; null when it is gone for good or was not deleted ' +
      '(GraphQL only).',
  })
  thread?: Thread | null;
}

/** The 36 keys of ThreadDeleteResponse in the original's order (the REST body's key order). */
export const THREAD_DELETE_RESPONSE_KEYS = [
  'status',
  'message',
  'threadId',
  'deletedMessageCount',
  'deletedAt',
  'deletedBy',
  'softDelete',
  'permanentDelete',
  'canRestore',
  'restoreUntil',
  'threadTitle',
  'projectId',
  'conversationId',
  'requestId',
  'userId',
  'sessionId',
  'traceId',
  'correlationId',
  'operationDurationMs',
  'apiVersion',
  'serverVersion',
  'clientVersion',
  'timestamp',
  'errors',
  'warnings',
  'errorCount',
  'warningCount',
  'auditLogId',
  'backupCreated',
  'backupLocation',
  'environment',
  'region',
  'customMetadata',
  'deprecationNotice',
  'migrationGuide',
  'extra',
] as const satisfies readonly (keyof ThreadDeleteResult)[];
