import type { Config } from '../../config.js';
import { ERROR_MAP, type ErrorCode } from '../../errors.js';
import type { RequestMeta } from '../../http/request-context.js';
import type { CustomMetadataInfo } from '../custom-metadata.types.js';
import { Thread } from '../thread.entity.js';
import { DeleteMode } from '../thread.inputs.js';
import type { DeleteAttempt, DeleteRequest } from './thread-delete.request.js';
import { DeleteOutcomeCode, type ThreadDeleteResult } from './thread-delete.result.js';

/** What a finished delete (or dry run) knows, before it is shaped into a result. */
export interface DeleteOutcome {
  readonly thread: Thread;
  readonly messageCount: number;
  readonly soft: boolean;
  readonly dryRun: boolean;
  readonly deletedAt: Date;
  readonly deletedBy: string;
  readonly restoreUntil: Date | null;
  readonly auditLogId: string | null;
  readonly backupLocation: string | null;
  /** The thread is a tombstone whose messages the reclaimer is removing, in chunks, after the answer. */
  readonly reclaiming: boolean;
}

/** The warning of a delete answered before its messages are physically gone. */
export const RECLAIMING_WARNING =
  'The thread is gone for every read and write; its messages are being removed in the background.';

/** The request-level facts every result carries, success or not. */
export interface ResultContext {
  readonly config: Config;
  readonly meta: RequestMeta;
  readonly transport: 'graphql' | 'rest';
  readonly mode: 'permanent' | 'soft';
  readonly dryRun: boolean;
  readonly customMetadata: CustomMetadataInfo | null;
  readonly startedAt: number;
}

function common(context: ResultContext): Partial<ThreadDeleteResult> {
  const { config, meta } = context;
  return {
    requestId: meta.requestId,
    traceId: meta.traceId,
    correlationId: meta.correlationId,
    sessionId: meta.sessionId,
    clientVersion: meta.clientVersion,
    apiVersion: config.apiVersion,
    serverVersion: config.serverVersion,
    environment: config.appEnv,
    region: config.region,
    timestamp: new Date().toISOString(),
    operationDurationMs: Math.round((performance.now() - context.startedAt) * 1000) / 1000,
    customMetadata: context.customMetadata,
    extra: {
      source: 'chat-thread-gateway',
      version: config.serverVersion,
      labels: { transport: context.transport, mode: context.mode },
    },
  };
}

function describe(outcome: DeleteOutcome): string {
  const plural = outcome.messageCount === 1 ? '' : 's';
  const what = `Thread '${outcome.thread.id}' and its ${outcome.messageCount} message${plural}`;
  if (outcome.dryRun)
    return `Dry run: ${what} would be ${outcome.soft ? 'moved to the trash' : 'permanently deleted'}.`;
  return outcome.soft ? `${what} were moved to the trash.` : `${what} were permanently deleted.`;
}

function outcomeCode(outcome: DeleteOutcome): DeleteOutcomeCode {
  if (outcome.dryRun) return DeleteOutcomeCode.DRY_RUN;
  return outcome.soft ? DeleteOutcomeCode.SOFT_DELETED : DeleteOutcomeCode.DELETED;
}

/**
 * The thread as the delete left it, for client caches: in the trash after a soft delete (its row as
 * the soft delete wrote it), as it is after a dry run, none once it is gone for good (a tombstone's
 * messages must not be read through it).
 */
function snapshot(outcome: DeleteOutcome): Thread | null {
  if (outcome.dryRun) return outcome.thread;
  if (!outcome.soft) return null;
  const { deletedAt, deletedBy, restoreUntil } = outcome;
  return Object.assign(new Thread(), outcome.thread, { deletedAt, deletedBy, restoreUntil, updatedAt: deletedAt });
}

/** The result of a delete that happened (or would have, in a dry run). */
export function successResult(outcome: DeleteOutcome, context: ResultContext): ThreadDeleteResult {
  const { thread } = outcome;
  const warnings = outcome.dryRun ? ['Dry run: nothing was changed.'] : [];
  if (outcome.reclaiming) warnings.push(RECLAIMING_WARNING);
  return {
    status: 'success',
    message: describe(outcome),
    threadId: thread.id,
    deletedMessageCount: outcome.messageCount,
    deletedAt: outcome.deletedAt.toISOString(),
    deletedBy: outcome.deletedBy,
    softDelete: outcome.soft,
    permanentDelete: !outcome.soft,
    canRestore: outcome.soft,
    restoreUntil: outcome.restoreUntil?.toISOString() ?? null,
    threadTitle: thread.title,
    projectId: thread.projectId,
    conversationId: thread.conversationId,
    userId: thread.userId,
    errors: [],
    errorCount: 0,
    warnings,
    warningCount: warnings.length,
    auditLogId: outcome.auditLogId,
    backupCreated: outcome.backupLocation !== null,
    backupLocation: outcome.backupLocation,
    ...common(context),
    outcome: outcomeCode(outcome),
    dryRun: outcome.dryRun,
    thread: snapshot(outcome),
  };
}

/**
 * The result of a delete that did not happen: the thread is missing, deleted or someone else's
 * (indistinguishable on purpose), its backup could not be written, or (in a bulk delete) the
 * database failed for this one thread.
 */
export function errorResult(threadId: string, code: ErrorCode, context: ResultContext): ThreadDeleteResult {
  return {
    status: 'error',
    message: ERROR_MAP[code].message,
    threadId,
    errors: [code],
    errorCount: 1,
    warnings: [],
    warningCount: 0,
    ...common(context),
    // No delete stops with a subscription's own codes (FORBIDDEN, TOO_MANY_SUBSCRIPTIONS).
    outcome: code as DeleteOutcomeCode,
    dryRun: context.dryRun,
    thread: null,
  };
}

/**
 * Shapes what became of a delete into the answer both transports give (GraphQL returns it, REST
 * sends its original fields): the service returns outcomes, the transports build answers.
 */
export class DeleteAnswers {
  constructor(private readonly config: Config) {}

  /** The ThreadDeleteResult of one delete of `request` (its id aside, in a bulk delete). */
  resultOf(
    attempt: DeleteAttempt,
    request: Pick<DeleteRequest, 'meta' | 'transport' | 'mode' | 'dryRun' | 'customMetadata'>,
  ): ThreadDeleteResult {
    const context: ResultContext = {
      config: this.config,
      meta: request.meta,
      transport: request.transport,
      mode: request.mode === DeleteMode.SOFT ? 'soft' : 'permanent',
      dryRun: request.dryRun,
      customMetadata: request.customMetadata ?? null,
      startedAt: attempt.startedAt,
    };
    return attempt.ok ? successResult(attempt.outcome, context) : errorResult(attempt.threadId, attempt.code, context);
  }
}
