import type { ApolloServerOptions } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLLimits } from '../config.js';
import type { GraphQLContext } from './context.js';

/**
 * Apollo options that refuse abusive operations before they run: a token limit enforced by the
 * parser itself, then depth, alias and directive limits (GraphQL Armor) as validation rules;
 * batched requests stay off. Introspection is exempt from depth, as IDEs need it. The cost limit
 * is `costLimitPlugin` (cost.ts), which sees variables.
 */
export function limitOptions(
  limits: GraphQLLimits,
): Pick<ApolloServerOptions<GraphQLContext>, 'validationRules' | 'parseOptions' | 'allowBatchedHttpRequests'> {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true },
    maxAliases: { n: limits.maxAliases },
    maxDirectives: { n: limits.maxDirectives },
    // Cost is counted by costLimitPlugin (cost.ts), which sees list arguments and variables.
    costLimit: { enabled: false },
    // The parser enforces the token limit (parseOptions below), and Apollo hides field
    // suggestions when introspection is off (hideSchemaDetailsFromClientErrors).
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  });
  const { validationRules } = armor.protect();
  return { validationRules, parseOptions: { maxTokens: limits.maxTokens }, allowBatchedHttpRequests: false };
}
