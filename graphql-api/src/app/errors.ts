import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { ErrorCode, InputError } from '../common/errors';
import { isStatementTimeout, isUnavailable } from '../db/errors';

export function unavailable(): GraphQLError {
  return new GraphQLError('The database is unavailable; the request was not carried out. Retry later.', {
    extensions: { code: ErrorCode.UNAVAILABLE, http: { status: 503 } },
  });
}

export function timedOut(what: string): GraphQLError {
  return new GraphQLError(
    `The request ran past ${what} and was stopped; ask for a shorter range, fewer series or fewer rows.`,
    {
      extensions: { code: ErrorCode.TIMEOUT, http: { status: 503 } },
    }
  );
}

/**
 * A resolver error with its code: client mistakes become BAD_USER_INPUT/NOT_FOUND naming the
 * argument at fault, and database outages UNAVAILABLE (HTTP 503) so clients know to retry.
 */
export function coded(error: unknown): unknown {
  if (error instanceof InputError) return error.toGraphQLError();
  if (isStatementTimeout(error)) return timedOut('DB_STATEMENT_TIMEOUT_MS');
  return isUnavailable(error) ? unavailable() : error;
}

// graphql-js words coercion errors as: Variable "$event" got invalid value ... at "event.status"; ...
const VARIABLE_PATH = /^Variable "\$(\w+)" got invalid value .*? at "([^"]+)"/;
const VARIABLE_ONLY = /^Variable "\$(\w+)"/;
// …; Field "agent" of required type "String!" was not provided. (or: Field "x" is not defined by type …)
const NAMED_FIELD = /; Field "(\w+)" (?:of required type|is not defined)/;

// graphql-js's suggestions name fields, arguments, types and enum values of the schema.
const SUGGESTION = / ?Did you mean .*\?$/;

/**
 * Every client error names the input at fault in `extensions.field`; unexpected errors keep
 * their code but not their internals. With `hints` off (INTROSPECTION=false), no message
 * suggests names of the schema.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, hints: boolean): GraphQLFormattedError {
  if (!hints) formatted = { ...formatted, message: formatted.message.replace(SUGGESTION, '') };
  const extensions = { ...formatted.extensions };
  const code = extensions.code as string | undefined;
  // Apollo refuses some malformed requests (a persisted-query hash that does not match the query)
  // with an HTTP 4xx error that has no code, which it labels INTERNAL_SERVER_ERROR: a client mistake.
  const status = (error as { extensions?: { http?: { status?: number } } } | undefined)?.extensions?.http?.status;
  if (code === ErrorCode.INTERNAL_SERVER_ERROR && status !== undefined && status >= 400 && status < 500) {
    return { message: formatted.message, extensions: { code: 'BAD_REQUEST' } };
  }
  if (code === ErrorCode.INTERNAL_SERVER_ERROR) {
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code },
    };
  }
  if (extensions.field === undefined && (code === 'BAD_USER_INPUT' || code === 'GRAPHQL_VALIDATION_FAILED')) {
    const match = VARIABLE_PATH.exec(formatted.message) ?? VARIABLE_ONLY.exec(formatted.message);
    if (match) {
      const named = NAMED_FIELD.exec(formatted.message);
      extensions.field = [match[2] ?? match[1], named?.[1]].filter(Boolean).join('.');
    }
  }
  delete extensions.stacktrace;
  return { ...formatted, extensions };
}
