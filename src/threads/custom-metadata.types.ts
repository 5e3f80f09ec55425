import { Field, InputType, ObjectType } from 'type-graphql';
import { type StringMap, StringMapScalar } from '../graphql/string-map.scalar.js';

const DESCRIPTIONS = {
  type:
    'Custom metadata container for extensibility: ' +
    "structured key-value metadata that doesn't fit into predefined fields.",
  tags: 'List of tags for categorization.',
  labels: 'Key-value labels.',
  annotations: 'Additional annotations.',
  extra: 'Any other key-value metadata.',
  source: 'Data source identifier.',
  version: 'Data version.',
};

/**
 * The original `CustomMetadataInfo` model: returned as `CustomMetadataInfo`, and accepted as
 * `CustomMetadataInput` (the caller's metadata for a delete, echoed back in `customMetadata`).
 */
@ObjectType('CustomMetadataInfo', { description: DESCRIPTIONS.type })
@InputType('CustomMetadataInput', { description: `${DESCRIPTIONS.type} Echoed back in the result's customMetadata.` })
export class CustomMetadataInfo {
  @Field(() => [String], { nullable: true, description: DESCRIPTIONS.tags })
  tags?: string[] | null;

  @Field(() => StringMapScalar, { nullable: true, description: DESCRIPTIONS.labels })
  labels?: StringMap | null;

  @Field(() => StringMapScalar, { nullable: true, description: DESCRIPTIONS.annotations })
  annotations?: StringMap | null;

  @Field(() => String, { nullable: true, description: DESCRIPTIONS.source })
  source?: string | null;

  @Field(() => String, { nullable: true, description: DESCRIPTIONS.version })
  version?: string | null;

  @Field(() => StringMapScalar, { nullable: true, description: DESCRIPTIONS.extra })
  extra?: StringMap | null;
}
