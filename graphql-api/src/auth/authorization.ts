import { GraphQLError, GraphQLResolveInfo } from 'graphql';
import type { RequestContext } from '../app/context';
import { Role } from './api-key.entity';

/** Mutations only admins may run; every other mutation sends events (ingest). */
export const ADMIN_MUTATIONS = new Set(['createApiKey', 'revokeApiKey']);
/** Queries only admins may run; every other query reads (read). */
export const ADMIN_QUERIES = new Set(['apiKeys']);

/** The role a root field needs; admins may do everything. */
export function requiredRole(operation: 'Query' | 'Mutation', field: string): Role {
  if (operation === 'Mutation') return ADMIN_MUTATIONS.has(field) ? Role.ADMIN : Role.INGEST;
  return ADMIN_QUERIES.has(field) ? Role.ADMIN : Role.READ;
}

/** Refuses a root field the caller's role may not use. */
export function authorize(info: GraphQLResolveInfo, context: RequestContext): void {
  const needed = requiredRole(info.parentType.name as 'Query' | 'Mutation', info.fieldName);
  const role = context.principal.role;
  if (role !== Role.ADMIN && role !== needed) {
    throw new GraphQLError(`${info.fieldName} needs a key with the ${needed.toUpperCase()} role; this key has ${role.toUpperCase()}`, {
      extensions: { code: 'FORBIDDEN', http: { status: 403 } },
    });
  }
}
