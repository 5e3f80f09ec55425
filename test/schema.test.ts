import { readFileSync } from 'node:fs';
import {
  type GraphQLField,
  type GraphQLInputField,
  GraphQLInputObjectType,
  GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../src/audit/audit-entry.entity.js';
import { ERROR_MAP } from '../src/errors.js';
import { printSortedSchema } from '../src/schema.js';
import { IMPORT_ACTOR } from '../src/threads/backup/thread-import.service.js';
import { SUBSCRIPTION_ONLY_CODES, THREAD_DELETE_RESPONSE_KEYS } from '../src/threads/delete/thread-delete.result.js';
import { MESSAGE_ROLES } from '../src/threads/message.entity.js';
import { PURGE_ACTOR } from '../src/threads/trash/thread-purge.service.js';
import { defined } from './support/assertions.js';
import { schemaForInspection } from './support/schema.js';

/** A property of the original JSON schema: a type, a `$ref`, or `anyOf` of those (`{ type: 'null' }` for nullable). */
interface SchemaProperty {
  type?: string;
  $ref?: string;
  anyOf?: SchemaProperty[];
}

/** The original OpenAPI document: the part of it these tests read. */
interface OriginalDocument {
  components: { schemas: Record<string, { properties: Record<string, SchemaProperty> }> };
}

const original = JSON.parse(readFileSync('test/fixtures/original-openapi.json', 'utf8')) as OriginalDocument;

/**
 * Mirrored string fields whose values are ids or times: GraphQL types them `ID` and `DateTimeISO`,
 * scalars that are JSON strings too, so the values stay the original's (delete-parity checks them).
 */
const TYPED_STRINGS: Record<string, string> = {
  threadId: 'ID',
  auditLogId: 'ID',
  deletedAt: 'DateTimeISO',
  restoreUntil: 'DateTimeISO',
  timestamp: 'DateTimeISO',
};

/** The fields ThreadDeleteResult has beyond the original's 36, in GraphQL only, and their types. */
const GRAPHQL_ONLY_FIELDS = { outcome: 'DeleteOutcomeCode!', dryRun: 'Boolean!', thread: 'Thread' };

/** The GraphQL type a field of the original JSON schema must have (`anyOf [X, null]` is nullable X). */
function expectedType(property: SchemaProperty, name = ''): string | undefined {
  const variants = property.anyOf ? property.anyOf.filter((v) => v.type !== 'null') : [property];
  const nullable = Boolean(property.anyOf);
  const [variant] = variants;
  const base =
    variant.$ref !== undefined
      ? variant.$ref.split('/').at(-1)
      : variant.type === 'array'
        ? '[String!]'
        : (
            { string: 'String', integer: 'Int', number: 'Float', boolean: 'Boolean', object: 'StringMap' } as Record<
              string,
              string
            >
          )[String(variant.type)];
  const typed = variant.type === 'string' ? (TYPED_STRINGS[name] ?? base) : base;
  return nullable ? typed : `${typed}!`;
}

describe('the GraphQL schema', () => {
  let schema: GraphQLSchema;

  beforeAll(async () => {
    schema = await schemaForInspection();
  });

  it('is committed as schema/schema.graphql exactly as the code generates it (run `npm run schema` after changing a type)', () => {
    expect(readFileSync('schema/schema.graphql', 'utf8')).toBe(printSortedSchema(schema));
  });

  it('has ThreadDeleteResult with the 36 fields of ThreadDeleteResponse (matching nullability and scalars, ids as ID and times as DateTimeISO) and outcome, dryRun and thread', () => {
    const type = schema.getType('ThreadDeleteResult') as GraphQLObjectType;
    const properties = original.components.schemas.ThreadDeleteResponse.properties;
    const fields = type.getFields();

    expect(Object.keys(fields).sort()).toEqual(
      [...Object.keys(properties), ...Object.keys(GRAPHQL_ONLY_FIELDS)].sort(),
    );
    expect(Object.keys(properties)).toHaveLength(36);
    expect([...THREAD_DELETE_RESPONSE_KEYS].sort()).toEqual(Object.keys(properties).sort());
    for (const [name, property] of Object.entries(properties)) {
      const actual = fields[name].type.toString();
      expect(actual, name).toBe(expectedType(property, name));
    }
    for (const [name, expected] of Object.entries(GRAPHQL_ONLY_FIELDS))
      expect(fields[name].type.toString(), name).toBe(expected);
  });

  it('has enums for what is an enumeration: Message.role, AuditEntry.action and the outcome of a delete', () => {
    const valuesOf = (name: string) => {
      const type = schema.getType(name);
      if (!isEnumType(type)) throw new Error(`${name} is not an enum`);
      return type.getValues().map((value) => value.value);
    };
    const fieldType = (typeName: string, field: string) =>
      (schema.getType(typeName) as GraphQLObjectType).getFields()[field].type.toString();

    expect(fieldType('Message', 'role')).toBe('MessageRole!');
    expect(valuesOf('MessageRole').sort()).toEqual([...MESSAGE_ROLES].sort());
    expect(fieldType('AuditEntry', 'action')).toBe('AuditAction!');
    expect(valuesOf('AuditAction').sort()).toEqual([...AUDIT_ACTIONS].sort());
    expect(valuesOf('DeleteOutcomeCode').sort()).toEqual(
      [
        'DELETED',
        'SOFT_DELETED',
        'DRY_RUN',
        ...Object.keys(ERROR_MAP).filter((code) => !SUBSCRIPTION_ONLY_CODES.includes(code)),
      ].sort(),
    );
  });

  it('describes AuditEntry.actor with the actors the server records itself, as they are stored', () => {
    const actor = (schema.getType('AuditEntry') as GraphQLObjectType).getFields().actor;

    expect(actor.description).toContain(PURGE_ACTOR);
    expect(actor.description).toContain(IMPORT_ACTOR);
    expect(actor.description).not.toMatch(/"system"/);
  });

  it('has CustomMetadataInfo with the original fields, the maps as StringMap', () => {
    const type = schema.getType('CustomMetadataInfo') as GraphQLObjectType;
    const properties = original.components.schemas.CustomMetadataInfo.properties;

    for (const [name, property] of Object.entries(properties)) {
      expect(type.getFields()[name].type.toString(), name).toBe(expectedType(property));
    }
  });

  it('types every argument that names a thread as ID (ID! where required) and page sizes as Int', () => {
    const mutation = defined(schema.getMutationType(), 'Mutation type').getFields();
    const query = defined(schema.getQueryType(), 'Query type').getFields();
    const argument = (field: GraphQLField<unknown, unknown>, name: string) =>
      defined(
        field.args.find((arg) => arg.name === name),
        `${field.name}(${name})`,
      );

    expect(argument(mutation.deleteThread, 'threadId').type.toString()).toBe('ID!');
    expect(argument(query.thread, 'id').type.toString()).toBe('ID!');
    expect(argument(query.threads, 'first').type.toString()).toBe('Int');
    expect((schema.getType('AddMessageInput') as GraphQLInputObjectType).getFields().threadId.type.toString()).toBe(
      'ID!',
    );
    expect(mutation.deleteThread.type.toString()).toBe('ThreadDeleteResult!');
  });

  it('describes every type, field, argument and enum value of its own', () => {
    const missing: string[] = [];
    const check = (where: string, description: string | null | undefined) => {
      if (!description?.trim()) missing.push(where);
    };
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Boolean', 'Int', 'Float', 'ID'].includes(type.name)) continue;
      check(type.name, type.description);
      if (isObjectType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields()) as (GraphQLField<unknown, unknown> | GraphQLInputField)[]) {
          check(`${type.name}.${field.name}`, field.description);
          for (const arg of 'args' in field ? field.args : [])
            check(`${type.name}.${field.name}(${arg.name})`, arg.description);
        }
      }
      if (isEnumType(type))
        for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.description);
    }
    expect(missing).toEqual([]);
  });

  it('makes status, message and threadId of the mirrored fields of ThreadDeleteResult non-null and nothing else', () => {
    const fields = (schema.getType('ThreadDeleteResult') as GraphQLObjectType).getFields();
    const required = Object.values(fields)
      .filter((field) => isNonNullType(field.type) && !(field.name in GRAPHQL_ONLY_FIELDS))
      .map((field) => field.name);

    expect(required.sort()).toEqual(['message', 'status', 'threadId']);
    expect(getNamedType(fields.customMetadata.type).name).toBe('CustomMetadataInfo');
  });
});
