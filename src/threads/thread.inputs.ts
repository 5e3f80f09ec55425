import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import type { ValidationIssue } from '../errors.js';
import { assertValid, checkEnum, checkListLength, checkString, checkThreadId, type Loc } from '../validation.js';
import { CustomMetadataInfo } from './custom-metadata.types.js';
import { MESSAGE_ROLES } from './message.entity.js';

/** Largest `customMetadata`, as JSON: it is echoed in every result, so it is kept small. */
export const CUSTOM_METADATA_MAX_BYTES = 8192;

/** How a thread is deleted. */
export enum DeleteMode {
  PERMANENT = 'PERMANENT',
  SOFT = 'SOFT',
}

registerEnumType(DeleteMode, {
  name: 'DeleteMode',
  description: 'How a thread is deleted.',
  valuesConfig: {
    PERMANENT: { description: 'Remove the thread and all its messages for good, in one transaction.' },
    SOFT: {
      description:
        'Move the thread to the trash: hidden everywhere but deletedThreads, restorable for the retention window.',
    },
  },
});

@InputType({ description: 'Options of a delete; every one is optional.' })
export class DeleteThreadOptions {
  @Field(() => DeleteMode, { defaultValue: DeleteMode.PERMANENT, description: 'PERMANENT (default) or SOFT.' })
  mode: DeleteMode = DeleteMode.PERMANENT;

  @Field({
    defaultValue: false,
    description: 'Write a gzipped JSON backup of the thread and its messages before deleting.',
  })
  backup: boolean = false;

  @Field({ defaultValue: false, description: 'Report what would be deleted without changing anything.' })
  dryRun: boolean = false;

  @Field(() => String, {
    nullable: true,
    description: 'Why the thread is deleted; kept in the audit entry (at most 1,000 characters).',
  })
  reason?: string | null;

  @Field(() => CustomMetadataInfo, {
    nullable: true,
    description:
      'Caller metadata, echoed back in the result: at most 100 tags of 256 characters, 100 entries per map, ' +
      `${CUSTOM_METADATA_MAX_BYTES} bytes of JSON in all.`,
  })
  customMetadata?: CustomMetadataInfo | null;
}

@InputType({ description: 'A new thread, owned by the caller.' })
export class CreateThreadInput {
  @Field({ description: 'Title of the thread (1 to 500 characters).' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'Project the thread belongs to (at most 128 characters).' })
  projectId?: string | null;

  @Field(() => String, { nullable: true, description: 'Conversation the thread belongs to (at most 128 characters).' })
  conversationId?: string | null;
}

@InputType({ description: "A message to append to one of the caller's threads." })
export class AddMessageInput {
  @Field(() => ID, { description: 'Thread to add the message to.' })
  threadId!: string;

  @Field({ description: 'Who wrote it: user, assistant, system or tool.' })
  role!: string;

  @Field({ description: 'Text of the message (at most 100,000 characters).' })
  content!: string;
}

const OPTIONAL_ID = { max: 128, pattern: '^[^\\x00-\\x1F\\x7F]*$' };

function checkMetadataSize(metadata: CustomMetadataInfo | null | undefined, loc: Loc): ValidationIssue | null {
  if (!metadata) return null;
  const bytes = Buffer.byteLength(JSON.stringify(metadata));
  if (bytes <= CUSTOM_METADATA_MAX_BYTES) return null;
  return {
    type: 'value_error',
    loc,
    msg: `Value error, custom metadata should be at most ${CUSTOM_METADATA_MAX_BYTES} bytes of JSON, not ${bytes}`,
    input: metadata,
    ctx: { max_bytes: CUSTOM_METADATA_MAX_BYTES },
  };
}

function optionalString(
  value: string | null | undefined,
  loc: Loc,
  rule: Parameters<typeof checkString>[2],
): ValidationIssue | null {
  return value === null || value === undefined ? null : checkString(value, loc, rule);
}

/** Validates delete options the schema cannot express (lengths, list sizes). */
export function validateDeleteOptions(options: DeleteThreadOptions | null | undefined, loc: Loc): void {
  const metadata = options?.customMetadata;
  const tags = metadata?.tags ?? [];
  // The list's length first: a list far too long is refused without looking at its items.
  assertValid([checkListLength(tags, [...loc, 'customMetadata', 'tags'], 100)]);
  assertValid([
    optionalString(options?.reason, [...loc, 'reason'], { max: 1000 }),
    ...tags.map((tag, index) => checkString(tag, [...loc, 'customMetadata', 'tags', index], { max: 256 })),
    optionalString(metadata?.source, [...loc, 'customMetadata', 'source'], { max: 256 }),
    optionalString(metadata?.version, [...loc, 'customMetadata', 'version'], { max: 256 }),
  ]);
  assertValid([checkMetadataSize(metadata, [...loc, 'customMetadata'])]);
}

/** Validates a new thread. */
export function validateCreateThread(input: CreateThreadInput, loc: Loc): void {
  assertValid([
    checkString(input.title, [...loc, 'title'], { min: 1, max: 500 }),
    optionalString(input.projectId, [...loc, 'projectId'], OPTIONAL_ID),
    optionalString(input.conversationId, [...loc, 'conversationId'], OPTIONAL_ID),
  ]);
}

/** Validates a new message. */
export function validateAddMessage(input: AddMessageInput, loc: Loc): void {
  assertValid([
    checkThreadId(input.threadId, [...loc, 'threadId']),
    checkEnum(input.role, [...loc, 'role'], MESSAGE_ROLES),
    checkString(input.content, [...loc, 'content'], { min: 1, max: 100_000 }),
  ]);
}
