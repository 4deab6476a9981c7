import { readFileSync } from 'fs';
import { buildSchema, graphql, parse, validate } from 'graphql';
import path from 'path';
import type { GraphQLRequest, GraphQLResponse, GraphQLTransport } from '../datasource/api';

/** The API's schema: the SDL the API commits and its own tests hold equal to the running schema. */
export const apiSchema = buildSchema(readFileSync(path.join(__dirname, '../../../graphql-api/schema.graphql'), 'utf8'));

/** Validation errors of an operation against the API's schema (empty when valid). */
export function validationErrors(query: string): string[] {
  return validate(apiSchema, parse(query)).map((e) => e.message);
}

/**
 * A transport that runs each request against the real schema with `root` as resolvers, so a
 * request with an unknown field, a wrong argument or an undeclared variable fails as the API
 * would, and only the selected fields come back.
 */
export function schemaTransport(root: Record<string, unknown>) {
  const calls: GraphQLRequest[] = [];
  const send: GraphQLTransport = async (request) => {
    calls.push(request);
    const result = await graphql({
      schema: apiSchema,
      source: request.query,
      variableValues: request.variables,
      rootValue: root,
    });
    return JSON.parse(JSON.stringify(result)) as GraphQLResponse;
  };
  return { send, calls };
}

/**
 * Whether the schema describes a field as reading what is true now: "now" in its description's
 * first clause (the rest may mention "now" in passing, as "State changes" does).
 */
export const describesNow = (field: { description?: string | null }): boolean =>
  /\bnow\b/i.test((field.description ?? '').split(/[.:;]/)[0]);
