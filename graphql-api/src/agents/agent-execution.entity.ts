import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintTransformer, SpanIdColumn, TIMESTAMP, TraceIdColumn } from '../common/columns';
import { Decimal, nanosToDecimal } from '../common/decimal';
import { ExecutionStatus } from '../common/status';

/** One run of an agent: an LLM call with its model, tokens, cost and outcome (OpenTelemetry GenAI names). */
@ObjectType({
  description:
    'One run of an agent (an LLM call) with its model, tokens, cost and outcome; field names follow the OpenTelemetry GenAI conventions.',
})
@Entity('agent_executions')
export class AgentExecution {
  @Field(() => ID, { description: "This API's id of the execution." })
  @PrimaryGeneratedColumn()
  id: number;

  @Field({ description: 'The id the monitored platform gives this execution; events upsert by it.' })
  @Column({ name: 'request_id', type: 'varchar', length: 191 })
  requestId: string;

  @Column({ name: 'agent_id', type: 'int' })
  agentId: number;

  @Column({ name: 'user_id', type: 'int', nullable: true })
  userId: number | null;

  @Field(() => String, {
    nullable: true,
    description: "The platform's id of the login session it ran in (see session).",
  })
  @Column({ name: 'session_external_id', type: 'varchar', length: 191, nullable: true })
  sessionExternalId: string | null;

  @Field(() => String, { nullable: true, description: 'External id of the workflow run this execution belongs to.' })
  @Column({ name: 'workflow_run_external_id', type: 'varchar', length: 191, nullable: true })
  workflowRunExternalId: string | null;

  @Field(() => String, { nullable: true, description: 'External id of the task run this execution belongs to.' })
  @Column({ name: 'task_run_external_id', type: 'varchar', length: 191, nullable: true })
  taskRunExternalId: string | null;

  @Field(() => ExecutionStatus, { description: 'Its latest state.' })
  @Column({ type: 'varchar', length: 16 })
  status: ExecutionStatus;

  @Field({ description: 'When it started (UTC, milliseconds); statistics count it in this minute.' })
  @Column({ name: 'started_at', ...TIMESTAMP })
  startedAt: Date;

  @Field(() => Date, { nullable: true, description: 'When it ended; null while RUNNING.' })
  @Column({ name: 'finished_at', ...TIMESTAMP, nullable: true })
  finishedAt: Date | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Milliseconds from start to end, as sent or computed from the two times; null while unknown.',
  })
  @Column({ name: 'duration_ms', type: 'int', nullable: true })
  durationMs: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'The model asked for (gen_ai.request.model), e.g. "gpt-4o"; the MODEL dimension of statistics.',
  })
  @Column({ name: 'request_model', type: 'varchar', length: 128, nullable: true })
  requestModel: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The model that answered (gen_ai.response.model), e.g. "gpt-4o-2024-08-06".',
  })
  @Column({ name: 'response_model', type: 'varchar', length: 128, nullable: true })
  responseModel: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The model provider (gen_ai.provider.name), e.g. "openai"; the PROVIDER dimension of statistics.',
  })
  @Column({ type: 'varchar', length: 64, nullable: true })
  provider: string | null;

  @Field(() => Int, { description: 'Prompt tokens (gen_ai.usage.input_tokens); 0 when not sent.' })
  @Column({ name: 'input_tokens', type: 'int', default: 0 })
  inputTokens: number;

  @Field(() => Int, { description: 'Completion tokens (gen_ai.usage.output_tokens); 0 when not sent.' })
  @Column({ name: 'output_tokens', type: 'int', default: 0 })
  outputTokens: number;

  @Field(() => Int, { description: 'All tokens: as sent, or input + output.' })
  @Column({ name: 'total_tokens', type: 'int', default: 0 })
  totalTokens: number;

  @Field(() => Int, {
    nullable: true,
    description:
      'Cached input tokens (gen_ai.usage.cache_read.input_tokens), counted within inputTokens; null when not sent.',
  })
  @Column({ name: 'cached_input_tokens', type: 'int', nullable: true })
  cachedInputTokens: number | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Reasoning tokens (gen_ai.usage.reasoning.output_tokens), counted within outputTokens; null when not sent.',
  })
  @Column({ name: 'reasoning_tokens', type: 'int', nullable: true })
  reasoningTokens: number | null;

  @Field({
    description: 'True when no cost is known (no cost sent and the model has no price): its cost is unknown, not $0.',
  })
  @Column({ type: 'boolean', default: false })
  unpriced: boolean;

  /** Cost in billionths of a US dollar, so sums stay exact. */
  @Column({ name: 'cost_nanos', type: 'bigint', default: 0, transformer: bigintTransformer })
  costNanos: bigint;

  @Field(() => Decimal, { description: 'Cost in US dollars, exact to 9 decimals; "0" when not sent.' })
  get costUsd(): string {
    return nanosToDecimal(this.costNanos);
  }

  @TraceIdColumn()
  traceId: string | null;

  @SpanIdColumn()
  spanId: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The error class (OpenTelemetry error.type), e.g. "RateLimitError"; set on failures.',
  })
  @Column({ name: 'error_type', type: 'varchar', length: 128, nullable: true })
  errorType: string | null;

  @Field(() => String, { nullable: true, description: 'The error text (at most 16 KiB).' })
  @Column({ name: 'error_message', type: 'text', nullable: true })
  errorMessage: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The prompt or input, if the platform sent it (at most PAYLOAD_MAX_BYTES; RETENTION_DAYS deletes it with the record).',
  })
  // MEDIUMTEXT on MySQL (see the migration): payloads may exceed TEXT's 64 KiB.
  @Column({ name: 'input_payload', type: 'text', nullable: true })
  inputPayload: string | null;

  @Field(() => String, { nullable: true, description: 'The completion or output, if the platform sent it.' })
  // MEDIUMTEXT on MySQL (see the migration): payloads may exceed TEXT's 64 KiB.
  @Column({ name: 'output_payload', type: 'text', nullable: true })
  outputPayload: string | null;
}
