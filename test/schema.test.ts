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
import { buildGatewaySchema, printSortedSchema } from '../src/schema.js';
import { THREAD_DELETE_RESPONSE_KEYS } from '../src/threads/delete/thread-delete.result.js';
import { defined } from './support/assertions.js';

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

/** The GraphQL type a field of the original JSON schema must have (`anyOf [X, null]` is nullable X). */
function expectedType(property: SchemaProperty): string | undefined {
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
  return nullable ? base : `${base}!`;
}

describe('the GraphQL schema', () => {
  let schema: GraphQLSchema;

  beforeAll(async () => {
    const unused = {} as never;
    schema = await buildGatewaySchema({
      threads: unused,
      deletes: unused,
      answers: unused,
      trash: unused,
      audit: unused,
    });
  });

  it('is committed as schema/schema.graphql exactly as the code generates it (run `npm run schema` after changing a type)', () => {
    expect(readFileSync('schema/schema.graphql', 'utf8')).toBe(printSortedSchema(schema));
  });

  it('has ThreadDeleteResult with exactly the 36 fields of ThreadDeleteResponse, with matching nullability and scalars', () => {
    const type = schema.getType('ThreadDeleteResult') as GraphQLObjectType;
    const properties = original.components.schemas.ThreadDeleteResponse.properties;
    const fields = type.getFields();

    expect(Object.keys(fields).sort()).toEqual(Object.keys(properties).sort());
    expect(Object.keys(fields)).toHaveLength(36);
    expect(THREAD_DELETE_RESPONSE_KEYS).toHaveLength(36);
    for (const [name, property] of Object.entries(properties)) {
      const actual = fields[name].type.toString();
      expect(actual, name).toBe(expectedType(property));
    }
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

  it('makes status, message and threadId of ThreadDeleteResult non-null and nothing else', () => {
    const fields = (schema.getType('ThreadDeleteResult') as GraphQLObjectType).getFields();
    const required = Object.values(fields)
      .filter((field) => isNonNullType(field.type))
      .map((field) => field.name);

    expect(required.sort()).toEqual(['message', 'status', 'threadId']);
    expect(getNamedType(fields.customMetadata.type).name).toBe('CustomMetadataInfo');
  });
});
