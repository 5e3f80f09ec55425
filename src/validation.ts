import { InputValidationError, type ValidationIssue } from './errors.js';

/** Where a value came from, as pydantic writes it: `["path", "thread_id"]`, `["input", "title"]`. */
export type Loc = (string | number)[];

/** Characters no identifier may contain: C0 controls and DEL (PostgreSQL cannot even store NUL). */
export const ID_PATTERN = '^[^\\x00-\\x1F\\x7F]+$';
const ID_REGEX = new RegExp(ID_PATTERN, 'u');
export const THREAD_ID_MAX_LENGTH = 128;

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Length in Unicode code points, as Python's `len(str)` counts it. */
export function codePointLength(value: string): number {
  let length = 0;
  for (const _ of value) length += 1;
  return length;
}

/**
 * pydantic's `constr(min_length, max_length, pattern)` checks, first failure only; NUL is never accepted
 * (PostgreSQL cannot store it).
 */
export function checkString(
  value: string,
  loc: Loc,
  rule: { min?: number; max?: number; pattern?: string },
): ValidationIssue | null {
  if (value.includes('\u0000')) {
    return {
      type: 'string_pattern_mismatch',
      loc,
      msg: "String should match pattern '^[^\\x00]*$'",
      input: value,
      ctx: { pattern: '^[^\\x00]*$' },
    };
  }
  const length = codePointLength(value);
  if (rule.min !== undefined && length < rule.min) {
    return {
      type: 'string_too_short',
      loc,
      msg: `String should have at least ${plural(rule.min, 'character')}`,
      input: value,
      ctx: { min_length: rule.min },
    };
  }
  if (rule.max !== undefined && length > rule.max) {
    return {
      type: 'string_too_long',
      loc,
      msg: `String should have at most ${plural(rule.max, 'character')}`,
      input: value,
      ctx: { max_length: rule.max },
    };
  }
  if (rule.pattern !== undefined && !new RegExp(rule.pattern, 'u').test(value)) {
    return {
      type: 'string_pattern_mismatch',
      loc,
      msg: `String should match pattern '${rule.pattern}'`,
      input: value,
      ctx: { pattern: rule.pattern },
    };
  }
  return null;
}

/** A thread id: 1 to 128 code points, no control characters. */
export function checkThreadId(value: string, loc: Loc): ValidationIssue | null {
  const issue = checkString(value, loc, { min: 1, max: THREAD_ID_MAX_LENGTH });
  if (issue) return issue;
  return ID_REGEX.test(value) ? null : checkString(value, loc, { pattern: ID_PATTERN });
}

/** pydantic's wording for "one of these literals": `'a', 'b' or 'c'`. */
export function expectedLiterals(values: readonly string[]): string {
  const quoted = values.map((value) => `'${value}'`);
  return quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

/** pydantic's `Enum`/`Literal` check. */
export function checkEnum(value: string, loc: Loc, allowed: readonly string[]): ValidationIssue | null {
  if (allowed.includes(value)) return null;
  const expected = expectedLiterals(allowed);
  return { type: 'enum', loc, msg: `Input should be ${expected}`, input: value, ctx: { expected } };
}

/** pydantic's `list[...]` with `max_length`. */
export function checkListLength(value: readonly unknown[], loc: Loc, max: number): ValidationIssue | null {
  if (value.length <= max) return null;
  return {
    type: 'too_long',
    loc,
    msg: `List should have at most ${plural(max, 'item')} after validation, not ${value.length}`,
    input: value,
    ctx: { field_type: 'List', max_length: max, actual_length: value.length },
  };
}

const TRUE_WORDS = new Set(['1', 'on', 't', 'true', 'y', 'yes']);
const FALSE_WORDS = new Set(['0', 'off', 'f', 'false', 'n', 'no']);

/** pydantic's lax boolean parsing of a query-string value. */
export function parseBoolean(value: string, loc: Loc): boolean | ValidationIssue {
  const word = value.toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return { type: 'bool_parsing', loc, msg: 'Input should be a valid boolean, unable to interpret input', input: value };
}

/** Throws one `InputValidationError` carrying every issue found, if any. */
export function assertValid(issues: (ValidationIssue | null | undefined)[]): void {
  const found = issues.filter((issue): issue is ValidationIssue => Boolean(issue));
  if (found.length > 0) throw new InputValidationError(found);
}
