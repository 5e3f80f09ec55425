import { Field, InputType, registerEnumType } from 'type-graphql';
import type { SelectQueryBuilder } from 'typeorm';
import type { ValidationIssue } from '../errors.js';
import type { Order, ReadPath } from '../pagination/keyset.js';
import { assertValid, checkString, type Loc } from '../validation.js';
import type { Thread } from './thread.entity.js';

/** Longest `titleContains`: a longer term finds nothing a shorter one would not, and costs more trigrams. */
export const TITLE_SEARCH_MAX_LENGTH = 100;

/**
 * What a search term must hold: three letters or digits in a row, the least that gives the
 * trigram index something to look up. A shorter term (`ai`, `%%`) can only be matched by reading
 * every thread the caller may see: 0.9 s for an admin at 1,000,000 threads on PostgreSQL.
 */
const SEARCHABLE = /[\p{L}\p{N}]{3}/u;

/** The orders of `threads`. */
export enum ThreadOrder {
  CREATED_AT_DESC = 'CREATED_AT_DESC',
  CREATED_AT_ASC = 'CREATED_AT_ASC',
  UPDATED_AT_DESC = 'UPDATED_AT_DESC',
  UPDATED_AT_ASC = 'UPDATED_AT_ASC',
}

registerEnumType(ThreadOrder, {
  name: 'ThreadOrder',
  description: 'How threads are ordered; ties are broken by id, in the same direction.',
  valuesConfig: {
    CREATED_AT_DESC: { description: 'Newest first (the default).' },
    CREATED_AT_ASC: { description: 'Oldest first.' },
    UPDATED_AT_DESC: {
      description: 'Most recently active first (a new message updates a thread, and moves it in this order).',
    },
    UPDATED_AT_ASC: { description: 'Least recently active first.' },
  },
});

/** The orders of `deletedThreads`. */
export enum DeletedThreadOrder {
  DELETED_AT_DESC = 'DELETED_AT_DESC',
  DELETED_AT_ASC = 'DELETED_AT_ASC',
}

registerEnumType(DeletedThreadOrder, {
  name: 'DeletedThreadOrder',
  description: 'How the trash is ordered; ties are broken by id, in the same direction.',
  valuesConfig: {
    DELETED_AT_DESC: { description: 'Most recently deleted first (the default).' },
    DELETED_AT_ASC: { description: 'Deleted longest ago first: the ones whose restore window closes first.' },
  },
});

// Cursors name their list and order. Cursors made before they did (`[time, id]`) still work in the
// order they were made in, the default of their list (`legacy`).
export const THREAD_ORDERS: Readonly<Record<ThreadOrder, Order>> = {
  CREATED_AT_DESC: { name: 'threads:CREATED_AT_DESC', column: 'createdAt', direction: 'DESC', legacy: true },
  CREATED_AT_ASC: { name: 'threads:CREATED_AT_ASC', column: 'createdAt', direction: 'ASC' },
  UPDATED_AT_DESC: { name: 'threads:UPDATED_AT_DESC', column: 'updatedAt', direction: 'DESC' },
  UPDATED_AT_ASC: { name: 'threads:UPDATED_AT_ASC', column: 'updatedAt', direction: 'ASC' },
};

export const DELETED_THREAD_ORDERS: Readonly<Record<DeletedThreadOrder, Order>> = {
  DELETED_AT_DESC: { name: 'deletedThreads:DELETED_AT_DESC', column: 'deletedAt', direction: 'DESC', legacy: true },
  DELETED_AT_ASC: { name: 'deletedThreads:DELETED_AT_ASC', column: 'deletedAt', direction: 'ASC' },
};

/** A thread's messages, oldest first: the one order of `Thread.messages`. */
export const MESSAGE_ORDER: Order = {
  name: 'messages:CREATED_AT_ASC',
  column: 'createdAt',
  direction: 'ASC',
  legacy: true,
};

@InputType({ description: 'Which threads to list; every condition given must hold.' })
export class ThreadFilter {
  @Field(() => String, {
    nullable: true,
    description:
      `Only threads whose title contains this text, ignoring case: at most ${TITLE_SEARCH_MAX_LENGTH} characters, ` +
      'with at least three letters or digits in a row; % and _ are plain characters. On SQLite only ASCII letters ' +
      'are folded.',
  })
  titleContains?: string | null;

  @Field(() => String, { nullable: true, description: 'Only threads of this project (at most 128 characters).' })
  projectId?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Only threads owned by this user id (at most 128 characters). An admin may name anyone (to look up a user's " +
      "threads); for anyone else only their own id matches, and another user's lists nothing, as if that user had " +
      'no threads.',
  })
  userId?: string | null;

  @Field(() => Date, { nullable: true, description: 'Only threads created at or after this time.' })
  createdFrom?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Only threads created before this time (exclusive).' })
  createdBefore?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Only threads last updated at or after this time.' })
  updatedFrom?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Only threads last updated before this time (exclusive).' })
  updatedBefore?: Date | null;
}

const MIN_TIME = Date.UTC(1970, 0, 1);
const MAX_TIME = Date.UTC(10000, 0, 1);

/** A bound of a time range: 1970 to 9999, as every stored time is. */
function checkTime(value: Date | null | undefined, loc: Loc): ValidationIssue | null {
  if (value == null || (value.getTime() >= MIN_TIME && value.getTime() < MAX_TIME)) return null;
  return {
    type: 'value_error',
    loc,
    msg: 'Value error, a time from 1970 to 9999 is expected',
    input: value.toISOString(),
  };
}

/** A range whose end is not after its start can match nothing: most likely swapped bounds. */
function checkRange(from: Date | null | undefined, before: Date | null | undefined, loc: Loc): ValidationIssue | null {
  if (from == null || before == null || from < before) return null;
  return {
    type: 'value_error',
    loc,
    msg: 'Value error, the end of a range (…Before) must be later than its start (…From)',
    input: before.toISOString(),
    ctx: { from: from.toISOString() },
  };
}

/** A search term: at most TITLE_SEARCH_MAX_LENGTH characters, three letters or digits in a row. */
function checkSearchTerm(term: string | null | undefined, loc: Loc): ValidationIssue | null {
  if (term == null) return null;
  const issue = checkString(term, loc, { max: TITLE_SEARCH_MAX_LENGTH });
  if (issue || SEARCHABLE.test(term)) return issue;
  return {
    type: 'value_error',
    loc,
    msg: 'Value error, a search term needs at least three letters or digits in a row',
    input: term,
  };
}

/** Validates a filter: the search term and the project's length, the ranges' bounds. */
export function validateThreadFilter(filter: ThreadFilter | null | undefined, loc: Loc): void {
  if (!filter) return;
  const optional = (value: string | null | undefined, at: string, rule: Parameters<typeof checkString>[2]) =>
    value == null ? null : checkString(value, [...loc, at], rule);
  assertValid([
    checkSearchTerm(filter.titleContains, [...loc, 'titleContains']),
    optional(filter.projectId, 'projectId', { max: 128 }),
    optional(filter.userId, 'userId', { max: 128 }),
    checkTime(filter.createdFrom, [...loc, 'createdFrom']),
    checkTime(filter.createdBefore, [...loc, 'createdBefore']),
    checkTime(filter.updatedFrom, [...loc, 'updatedFrom']),
    checkTime(filter.updatedBefore, [...loc, 'updatedBefore']),
  ]);
  assertValid([
    checkRange(filter.createdFrom, filter.createdBefore, [...loc, 'createdBefore']),
    checkRange(filter.updatedFrom, filter.updatedBefore, [...loc, 'updatedBefore']),
  ]);
}

/** `text` as a LIKE pattern that matches it literally: `%`, `_` and the escape character itself escaped with `\`. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/**
 * Adds a filter's conditions to a query of threads aliased `thread`. The title is matched with
 * ILIKE on PostgreSQL, where the trigram index `idx_threads_title_trgm` serves it, and with LIKE
 * on SQLite (case-insensitive for ASCII letters), which scans the rows the other conditions leave.
 */
export function applyThreadFilter(
  query: SelectQueryBuilder<Thread>,
  filter: ThreadFilter | null | undefined,
): SelectQueryBuilder<Thread> {
  if (!filter) return query;
  if (filter.titleContains != null) {
    const like = query.connection.driver.options.type === 'postgres' ? 'ILIKE' : 'LIKE';
    query.andWhere(`thread.title ${like} :titlePattern ESCAPE '\\'`, {
      titlePattern: `%${escapeLike(filter.titleContains)}%`,
    });
  }
  if (filter.projectId != null) query.andWhere('thread.projectId = :projectId', { projectId: filter.projectId });
  // For a caller who is not an admin, the query already keeps their own threads: another user id matches nothing.
  if (filter.userId != null) query.andWhere('thread.userId = :ownerId', { ownerId: filter.userId });
  if (filter.createdFrom) query.andWhere('thread.createdAt >= :createdFrom', { createdFrom: filter.createdFrom });
  if (filter.createdBefore)
    query.andWhere('thread.createdAt < :createdBefore', { createdBefore: filter.createdBefore });
  if (filter.updatedFrom) query.andWhere('thread.updatedAt >= :updatedFrom', { updatedFrom: filter.updatedFrom });
  if (filter.updatedBefore)
    query.andWhere('thread.updatedAt < :updatedBefore', { updatedBefore: filter.updatedBefore });
  return query;
}

/**
 * How SQLite should read an admin's list (see `ReadPath`): by walking the order's index, unless a
 * condition that index cannot check (a title, a project, the other time column) could leave it
 * walking every thread of every user. A user's list is read through the owner's index, which
 * bounds it by that user's threads; PostgreSQL picks its own plan.
 */
export function adminReadPath(engine: 'sqlite' | 'postgres', filter: ThreadFilter | null, order: Order): ReadPath {
  if (engine !== 'sqlite' || !filter) return 'walkOrder';
  const otherTimes =
    order.column === 'createdAt'
      ? [filter.updatedFrom, filter.updatedBefore]
      : [filter.createdFrom, filter.createdBefore];
  if (filter.userId != null) return 'walkOrder';
  const unchecked = filter.titleContains != null || filter.projectId != null || otherTimes.some((time) => time != null);
  return unchecked ? 'scanTable' : 'walkOrder';
}
