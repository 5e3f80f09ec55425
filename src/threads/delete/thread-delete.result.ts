import { Field, Float, Int, ObjectType } from 'type-graphql';
import { CustomMetadataInfo } from '../custom-metadata.types.js';

/**
 * The original `ThreadDeleteResponse`: the same 36 fields, names and scalar types, for
 * GraphQL (`ThreadDeleteResult`) and, key for key, for the REST shim's 200 body.
 */
@ObjectType({
  description:
    'Thread deletion response: confirms the deletion of a conversation thread and all its messages, ' +
    'field for field the ThreadDeleteResponse of DELETE /api/chat/threads/{thread_id}.',
})
export class ThreadDeleteResult {
  @Field({ description: "Deletion status ('success' or 'error')" })
  status!: 'success' | 'error';

  @Field({ description: 'Human-readable confirmation message' })
  message!: string;

  @Field({ description: 'ID of deleted thread' })
  threadId!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'Number of messages deleted with the thread (or that would be, in a dry run).',
  })
  deletedMessageCount?: number | null;

  @Field(() => String, { nullable: true, description: 'When the thread was deleted (ISO 8601, UTC).' })
  deletedAt?: string | null;

  @Field(() => String, { nullable: true, description: 'User id of the caller who deleted the thread.' })
  deletedBy?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'True when the thread was moved to the trash (restorable).' })
  softDelete?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'True when the thread and its messages were removed for good.' })
  permanentDelete?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'True when restoreThread can bring the thread back.' })
  canRestore?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Until when the thread can be restored (ISO 8601, UTC).' })
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

  @Field(() => String, { nullable: true, description: 'When the response was produced (ISO 8601, UTC).' })
  timestamp?: string | null;

  @Field(() => [String], { nullable: true, description: 'Error codes, e.g. THREAD_NOT_FOUND; empty on success.' })
  errors?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Warnings, e.g. that a dry run changed nothing.' })
  warnings?: string[] | null;

  @Field(() => Int, { nullable: true, description: 'Number of entries in errors.' })
  errorCount?: number | null;

  @Field(() => Int, { nullable: true, description: 'Number of entries in warnings.' })
  warningCount?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Id of the audit entry recording the delete (see auditEntries).',
  })
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
