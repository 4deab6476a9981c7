import { Field } from 'type-graphql';
import { Column, ValueTransformer } from 'typeorm';

/** Millisecond UTC timestamps on both MySQL (DATETIME(3)) and SQLite. */
export const TIMESTAMP = { type: 'datetime', precision: 3 } as const;

/** mysql2 returns BIGINT as a string (exact); better-sqlite3 as a number. Both become bigint here. */
export const bigintTransformer: ValueTransformer = {
  to: (value: bigint | null | undefined) => (value === null || value === undefined ? value : value.toString()),
  from: (value: string | number | null) => (value === null || value === undefined ? null : BigInt(value)),
};

/** The OpenTelemetry trace a record came from, as lowercase hex (OTLP/JSON's spelling): column and GraphQL field. */
export function TraceIdColumn(): PropertyDecorator {
  return (target, property) => {
    Field(() => String, {
      nullable: true,
      description: 'The OpenTelemetry trace it came from (hex), for a link to the trace.',
    })(target, property);
    Column({ name: 'trace_id', type: 'varchar', length: 32, nullable: true })(target, property);
  };
}

/** The OpenTelemetry span a record came from (hex). */
export function SpanIdColumn(): PropertyDecorator {
  return (target, property) => {
    Field(() => String, { nullable: true, description: 'The OpenTelemetry span it came from (hex).' })(
      target,
      property
    );
    Column({ name: 'span_id', type: 'varchar', length: 16, nullable: true })(target, property);
  };
}
