/**
 * `value`, which the test cannot go on without: fails the test, naming `what`, when it is null or
 * undefined. Use it where the code would otherwise assert non-null with `!`.
 */
export function defined<T>(value: T, what = 'value'): NonNullable<T> {
  if (value === undefined || value === null) throw new Error(`expected ${what} to be defined, got ${value}`);
  return value;
}
