import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { InputValidationError } from '../errors.js';
import { checkString, ID_PATTERN } from '../validation.js';

/** A JSON object whose values are all strings (pydantic's `dict[str, str]`). */
export type StringMap = Record<string, string>;

/** Most entries in one map. */
export const STRING_MAP_MAX_ENTRIES = 100;
/** Longest key and longest value, in code points. */
export const STRING_MAP_MAX_KEY_LENGTH = 128;
export const STRING_MAP_MAX_VALUE_LENGTH = 1024;

function invalid(input: unknown, msg: string, type = 'dict_type'): InputValidationError {
  return new InputValidationError([{ type, loc: [], msg, input }]);
}

/** Checks that a value is a string-to-string object and returns a null-prototype copy of it. */
export function parseStringMap(value: unknown): StringMap {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalid(value, 'Input should be a valid dictionary');
  }
  const entries = Object.entries(value);
  if (entries.length > STRING_MAP_MAX_ENTRIES) {
    throw invalid(value, `Dictionary should have at most ${STRING_MAP_MAX_ENTRIES} items`, 'too_long');
  }
  const map: StringMap = Object.create(null);
  for (const [key, entry] of entries) {
    if (typeof entry !== 'string') {
      throw new InputValidationError([
        { type: 'string_type', loc: [key], msg: 'Input should be a valid string', input: entry },
      ]);
    }
    const issue =
      checkString(key, [key, '[key]'], { min: 1, max: STRING_MAP_MAX_KEY_LENGTH, pattern: ID_PATTERN }) ??
      checkString(entry, [key], { max: STRING_MAP_MAX_VALUE_LENGTH });
    if (issue) throw new InputValidationError([issue]);
    map[key] = entry;
  }
  return map;
}

function literalToValue(node: ValueNode): unknown {
  switch (node.kind) {
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((field) => [field.name.value, literalToValue(field.value)]));
    case Kind.STRING:
      return node.value;
    case Kind.LIST:
      return node.values.map(literalToValue);
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.BOOLEAN:
      return node.value;
    case Kind.NULL:
      return null;
    default:
      // Variables nested inside an object literal and enum values are not strings either.
      return { kind: node.kind };
  }
}

/** `StringMap`: rejects anything but an object of strings with `BAD_USER_INPUT`. */
export const StringMapScalar = new GraphQLScalarType<StringMap, StringMap>({
  name: 'StringMap',
  description:
    'A JSON object whose values are all strings, e.g. {"team": "support"}: ' +
    `at most ${STRING_MAP_MAX_ENTRIES} entries, ` +
    `keys of 1 to ${STRING_MAP_MAX_KEY_LENGTH} characters without control characters, ` +
    `values of at most ${STRING_MAP_MAX_VALUE_LENGTH} characters.`,
  serialize: (value) => parseStringMap(value),
  parseValue: (value) => parseStringMap(value),
  parseLiteral: (node) => parseStringMap(literalToValue(node)),
});
