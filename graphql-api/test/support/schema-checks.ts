import { buildSchema, GraphQLSchema } from 'graphql';
import { CriticalityLevel, diff } from '@graphql-inspector/core';
// graphql-schema-linter has no type declarations; these are the parts of its programmatic API used here.
const { Configuration } = require('graphql-schema-linter/lib/configuration');
const { validateSchemaDefinition } = require('graphql-schema-linter/lib/validator');
const { Schema } = require('graphql-schema-linter/lib/schema');
const { SourceMap } = require('graphql-schema-linter/lib/source_map');

/** Violations of every built-in graphql-schema-linter rule (descriptions, Relay, naming...), as "rule: message". */
export function lintSchema(sdl: string): string[] {
  const schema = new Schema(sdl, new SourceMap({ 'schema.graphql': sdl }));
  const configuration = new Configuration(schema, {});
  const errors: { ruleName: string; message: string }[] = validateSchemaDefinition(
    schema,
    configuration.getRules(),
    configuration
  );
  return errors.map((error) => `${error.ruleName}: ${error.message}`);
}

/** A breaking change made on purpose, kept with the reason clients were told. */
export interface AllowedChange {
  change: string;
  reason: string;
}

export interface BreakingCheck {
  /** Breaking changes not in the allow list: each fails the check. */
  unmarked: string[];
  /** Allow-list entries that match no change (stale once the released SDL moves on). */
  unused: AllowedChange[];
}

/** Compares `current` with the released SDL by GraphQL Inspector's rules (message of each breaking change). */
export async function breakingChanges(
  releasedSdl: string,
  current: GraphQLSchema,
  allowed: AllowedChange[]
): Promise<BreakingCheck> {
  const changes = await diff(buildSchema(releasedSdl), current);
  const breaking = changes
    .filter((change) => change.criticality.level === CriticalityLevel.Breaking)
    .map((change) => change.message);
  return {
    unmarked: breaking.filter((message) => !allowed.some((entry) => entry.change === message)),
    unused: allowed.filter((entry) => !breaking.includes(entry.change)),
  };
}
