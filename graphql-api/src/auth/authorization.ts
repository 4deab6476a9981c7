import { GraphQLError, GraphQLResolveInfo } from 'graphql';
import type { RequestContext } from '../app/context';
import { Role } from './api-key.entity';

/** Mutations only admins may run; every other mutation sends events (ingest). */
export const ADMIN_MUTATIONS = new Set(['createApiKey', 'revokeApiKey']);
/** Queries only admins may run; every other query reads (read). */
export const ADMIN_QUERIES = new Set(['apiKeys']);
/** Queries every key may run: a key may always learn its own role (Grafana warns on a write key). */
export const ANY_ROLE_QUERIES = new Set(['viewer']);

/** The role a root field needs (null: any valid key); admins may do everything. */
export function requiredRole(operation: 'Query' | 'Mutation', field: string): Role | null {
  if (operation === 'Mutation') return ADMIN_MUTATIONS.has(field) ? Role.ADMIN : Role.INGEST;
  if (ANY_ROLE_QUERIES.has(field)) return null;
  return ADMIN_QUERIES.has(field) ? Role.ADMIN : Role.READ;
}

/**
 * What an INGEST key may select in a mutation's answer: the ids it sent or was given, the status,
 * and the batch answer. Anything else there would read stored records, which it cannot query.
 */
const INGEST_ANSWER_TYPES = new Set(['IngestResult', 'EventResult', 'EventError']);
const INGEST_ANSWER_FIELDS = new Set(['id', 'status', 'requestId', 'externalId', 'runId']);

function forbidden(message: string, field?: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'FORBIDDEN', ...(field ? { field } : {}), http: { status: 403 } },
  });
}

/** Refuses a field of a mutation's answer that the caller's role could not read through a query. */
export function authorizeAnswerField(info: GraphQLResolveInfo, context: RequestContext): void {
  if (context.principal.role !== Role.INGEST || info.operation.operation !== 'mutation') return;
  if (INGEST_ANSWER_TYPES.has(info.parentType.name) || INGEST_ANSWER_FIELDS.has(info.fieldName)) return;
  throw forbidden(
    `An INGEST key gets ids, status and errors back; ${info.parentType.name}.${info.fieldName} needs a READ key`,
    info.fieldName
  );
}

/** Refuses a root field the caller's role may not use. */
export function authorize(info: GraphQLResolveInfo, context: RequestContext): void {
  const needed = requiredRole(info.parentType.name as 'Query' | 'Mutation', info.fieldName);
  const role = context.principal.role;
  if (needed !== null && role !== Role.ADMIN && role !== needed) {
    throw forbidden(
      `${info.fieldName} needs a key with the ${needed.toUpperCase()} role; this key has ${role.toUpperCase()}`
    );
  }
}
