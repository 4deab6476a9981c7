import { InputError } from '../common/errors';
import { canonicalName, wellFormed } from '../common/names';

// The platform's ids: printable ASCII without spaces, as UUIDs, ULIDs and "run-42" are.
const EXTERNAL_ID = /^[\x21-\x7e]{1,191}$/;
const MAX_INT = 2_147_483_647;

export function externalId(field: string, value: string): string {
  if (!EXTERNAL_ID.test(value)) {
    throw new InputError(
      field,
      `must be 1 to 191 printable ASCII characters without spaces, got ${JSON.stringify(value.slice(0, 60))}`
    );
  }
  return value;
}

export function optionalExternalId(field: string, value: string | null | undefined): string | null {
  return value === null || value === undefined ? null : externalId(field, value);
}

/** A display name (agent, tool, model…): canonical, trimmed, not empty, at most `max` characters. */
export function name(field: string, value: string, max = 191): string {
  const trimmed = canonicalName(value);
  if (!trimmed) throw new InputError(field, 'must not be empty');
  if (trimmed.length > max) throw new InputError(field, `must be at most ${max} characters, got ${trimmed.length}`);
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) throw new InputError(field, 'must not contain control characters');
  return trimmed;
}

export function optionalName(field: string, value: string | null | undefined, max = 191): string | null {
  return value === null || value === undefined ? null : name(field, value, max);
}

export function optionalText(field: string, value: string | null | undefined, maxBytes: number): string | null {
  if (value === null || value === undefined) return null;
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes > maxBytes) throw new InputError(field, `must be at most ${maxBytes} bytes, got ${bytes}`);
  return wellFormed(value);
}

export function count(field: string, value: number | null | undefined, min = 0): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < min || value > MAX_INT) {
    throw new InputError(field, `must be a whole number from ${min} to ${MAX_INT}, got ${value}`);
  }
  return value;
}

// Activity before 2000 is a unit mistake (seconds sent as ms). Rollups key their buckets by the
// minute since 1970 in a signed 32-bit INT, which ends in 6053 (DATETIME ends in 9999).
const FIRST_YEAR = 2000;
const LAST_YEAR = 5999;

export function time(field: string, value: Date): Date {
  const ms = value.getTime();
  if (Number.isNaN(ms) || value.getUTCFullYear() < FIRST_YEAR || value.getUTCFullYear() > LAST_YEAR) {
    throw new InputError(
      field,
      `must be a date-time between years ${FIRST_YEAR} and ${LAST_YEAR}, got ${String(value)}`
    );
  }
  return value;
}

export function optionalTime(field: string, value: Date | null | undefined): Date | null {
  return value === null || value === undefined ? null : time(field, value);
}

/**
 * Checks start, finish and duration against each other and fills what follows from the others:
 * duration from the two times, finish from start + duration.
 */
export function timing(
  started: Date | null,
  finishedInput: Date | null | undefined,
  durationInput: number | null | undefined,
  fields = { finishedAt: 'finishedAt', durationMs: 'durationMs' }
): { finishedAt: Date | null; durationMs: number | null } {
  let finishedAt = optionalTime(fields.finishedAt, finishedInput);
  let durationMs = count(fields.durationMs, durationInput);
  if (started && finishedAt) {
    const elapsed = finishedAt.getTime() - started.getTime();
    if (elapsed < 0) throw new InputError(fields.finishedAt, 'must not be before startedAt');
    // Durations are stored as INT milliseconds: about 24.8 days at most.
    if (durationMs === null && elapsed > MAX_INT)
      throw new InputError(fields.finishedAt, `must be at most ${MAX_INT} ms after startedAt`);
    durationMs ??= elapsed;
  } else if (started && durationMs !== null) {
    finishedAt = new Date(started.getTime() + durationMs);
  }
  return { finishedAt, durationMs };
}

const ERROR_MESSAGE_MAX_BYTES = 16384;

/** The error.type and message that failed executions and runs carry. */
export function errorFields(event: { errorType?: string | null; errorMessage?: string | null }): {
  errorType: string | null;
  errorMessage: string | null;
} {
  return {
    errorType: optionalName('errorType', event.errorType, 128),
    errorMessage: optionalText('errorMessage', event.errorMessage, ERROR_MESSAGE_MAX_BYTES),
  };
}

const HEX_ID = { traceId: /^[0-9a-f]{32}$/, spanId: /^[0-9a-f]{16}$/ };

/** An OpenTelemetry trace and span id, as lowercase hex (a trace of all zeros is no trace). */
export function traceContext(event: { traceId?: string | null; spanId?: string | null }): {
  traceId: string | null;
  spanId: string | null;
} {
  const ids = { traceId: event.traceId ?? null, spanId: event.spanId ?? null };
  for (const field of ['traceId', 'spanId'] as const) {
    const value = ids[field];
    if (value !== null && (!HEX_ID[field].test(value) || /^0+$/.test(value))) {
      throw new InputError(
        field,
        `must be ${field === 'traceId' ? 32 : 16} lowercase hex digits, not all zero, got "${value}"`
      );
    }
  }
  if (ids.spanId !== null && ids.traceId === null) throw new InputError('traceId', 'must be set with spanId');
  return ids;
}
