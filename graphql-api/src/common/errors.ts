import { GraphQLError } from 'graphql';

export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  RATE_LIMITED = 'RATE_LIMITED',
  UNAVAILABLE = 'UNAVAILABLE',
  /** Over QUERY_MAX_COST or QUERY_MAX_ALIASES: refused before it runs. */
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  /** Ran past REQUEST_TIMEOUT_MS or DB_STATEMENT_TIMEOUT_MS: ask for less. */
  TIMEOUT = 'TIMEOUT',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/** A client mistake in one event or argument; `field` is the input path at fault, e.g. "event.finishedAt". */
export class InputError extends Error {
  constructor(
    readonly field: string,
    message: string,
    readonly code: ErrorCode = ErrorCode.BAD_USER_INPUT
  ) {
    super(message);
  }

  /** The same error under a longer path, e.g. "finishedAt" → "events[3].agentExecution.finishedAt". */
  under(prefix: string): InputError {
    return new InputError(this.field ? `${prefix}.${this.field}` : prefix, this.message, this.code);
  }

  toGraphQLError(): GraphQLError {
    return new GraphQLError(`${this.field}: ${this.message}`, { extensions: { code: this.code, field: this.field } });
  }
}

export function notFound(field: string, message: string): InputError {
  return new InputError(field, message, ErrorCode.NOT_FOUND);
}
