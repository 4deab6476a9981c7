// Errors that mean the database cannot serve the request right now (not a bug, not the client's
// fault): it cannot be reached, or, once transaction.ts has run out of retries, lock contention
// keeps rolling the transaction back. Nothing was written; the client should retry.
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'PROTOCOL_CONNECTION_LOST',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_ACCESS_DENIED_ERROR',
  'ER_BAD_DB_ERROR',
  'ER_QUERY_INTERRUPTED',
  'ER_CONNECTION_KILLED',
  'ER_LOCK_DEADLOCK',
  'ER_LOCK_WAIT_TIMEOUT',
  'SQLITE_BUSY',
  'SQLITE_CANTOPEN',
  'SQLITE_READONLY',
  'SQLITE_IOERR',
]);

export function isUnavailable(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string }; message?: string };
  const code = e?.driverError?.code ?? e?.code;
  return (
    (code !== undefined && UNAVAILABLE_CODES.has(code)) ||
    /connection (is )?(lost|closed|refused)|Pool is closed|Can't add new command when connection is in closed state/i.test(
      e?.message ?? ''
    )
  );
}

// MariaDB's number for it; mysql2, written for MySQL, gives it no code name.
const ER_STATEMENT_TIMEOUT = 1969;

/** MariaDB stopped a statement at max_statement_time (DB_STATEMENT_TIMEOUT_MS): the request asked too much. */
export function isStatementTimeout(error: unknown): boolean {
  const e = error as { errno?: number; driverError?: { errno?: number } };
  return (e?.driverError?.errno ?? e?.errno) === ER_STATEMENT_TIMEOUT;
}
