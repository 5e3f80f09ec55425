import type { Caller } from '../../auth/auth.js';
import type { ErrorCode } from '../../errors.js';
import type { RequestMeta } from '../../http/request-context.js';
import type { CustomMetadataInfo } from '../custom-metadata.types.js';
import type { DeleteMode } from '../thread.inputs.js';
import type { DeleteOutcome } from './thread-delete.response.js';

/** A delete as both transports hand it to the service, already validated. */
export interface DeleteRequest {
  readonly threadId: string;
  readonly caller: Caller;
  readonly meta: RequestMeta;
  readonly transport: 'graphql' | 'rest';
  readonly mode: DeleteMode;
  readonly backup: boolean;
  readonly dryRun: boolean;
  readonly reason?: string | null;
  readonly customMetadata?: CustomMetadataInfo | null;
  /** True inside a bulk delete, which already holds one of the caller's expensive-operation slots. */
  readonly inSlot?: boolean;
}

/** What became of one delete: its outcome, or the error code its answer reports. */
export type DeleteAttempt = {
  readonly threadId: string;
  /** `performance.now()` when the delete started: answers report how long it took. */
  readonly startedAt: number;
} & ({ readonly ok: true; readonly outcome: DeleteOutcome } | { readonly ok: false; readonly code: ErrorCode });
