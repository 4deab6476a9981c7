import { Field, InputType } from 'type-graphql';

/** Why an event failed, when it did: the fields every execution and run event shares. */
// Decorated for its fields to be inherited; referenced by no field, so not in the schema itself.
@InputType()
export abstract class FailureFields {
  @Field(() => String, {
    nullable: true,
    description: 'The error class (OpenTelemetry error.type, at most 128 characters), e.g. "TimeoutError".',
  })
  errorType?: string | null;

  @Field(() => String, { nullable: true, description: 'The error text (at most 16384 bytes).' })
  errorMessage?: string | null;
}

/** An event's failure and its place in an OpenTelemetry trace, for a link to the trace. */
@InputType()
export abstract class TracedFailureFields extends FailureFields {
  @Field(() => String, {
    nullable: true,
    description: 'The OpenTelemetry trace id (32 hex digits), for a link to the trace.',
  })
  traceId?: string | null;

  @Field(() => String, { nullable: true, description: 'The OpenTelemetry span id (16 hex digits).' })
  spanId?: string | null;
}
