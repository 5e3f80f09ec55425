import { Field, InputType, ObjectType } from 'type-graphql';
import { type StringMap, StringMapScalar } from '../graphql/string-map.scalar.js';

const DESCRIPTIONS = {
  type: "Custom metadata container for extensibility: structured key-value metadata that doesn't fit into predefined fields.",
  tags: 'List of tags for categorization.',
  labels: 'Key-value labels.',
  annotations: 'Additional annotations.',
  extra: 'Any other key-value metadata.',
  source: 'Data source identifier.',
  version: 'Data version.',
};

/** The original `CustomMetadataInfo` model, as returned. */
@ObjectType('CustomMetadataInfo', { description: DESCRIPTIONS.type })
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

/** The caller's metadata for a delete, echoed back in `customMetadata`. */
@InputType('CustomMetadataInput', { description: `${DESCRIPTIONS.type} Echoed back in the result's customMetadata.` })
export class CustomMetadataInput {
  @Field(() => [String], { nullable: true, description: `${DESCRIPTIONS.tags} At most 100 tags of at most 256 characters.` })
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
