import { ValueTransformer } from 'typeorm';

/** Millisecond UTC timestamps on both MySQL (DATETIME(3)) and SQLite. */
export const TIMESTAMP = { type: 'datetime', precision: 3 } as const;

/** mysql2 returns BIGINT as a string (exact); better-sqlite3 as a number. Both become bigint here. */
export const bigintTransformer: ValueTransformer = {
  to: (value: bigint | null | undefined) => (value === null || value === undefined ? value : value.toString()),
  from: (value: string | number | null) => (value === null || value === undefined ? null : BigInt(value)),
};

/** The OpenTelemetry trace and span a record came from, as lowercase hex (OTLP/JSON's spelling). */
export const TRACE_ID = { name: 'trace_id', type: 'varchar', length: 32, nullable: true } as const;
export const SPAN_ID = { name: 'span_id', type: 'varchar', length: 16, nullable: true } as const;
