import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintTransformer, SpanIdColumn, TIMESTAMP, TraceIdColumn } from '../common/columns';
import { Decimal, nanosToDecimal } from '../common/decimal';
import { ExecutionStatus } from '../common/status';

/** One run of an agent: an LLM call with its model, tokens, cost and outcome (OpenTelemetry GenAI names). */
@ObjectType()
@Entity('agent_executions')
export class AgentExecution {
  @Field(() => ID)
  @PrimaryGeneratedColumn()
  id: number;

  @Field({ description: 'The id the monitored platform gives this execution; events upsert by it.' })
  @Column({ name: 'request_id', type: 'varchar', length: 191 })
  requestId: string;

  @Column({ name: 'agent_id', type: 'int' })
  agentId: number;

  @Column({ name: 'user_id', type: 'int', nullable: true })
  userId: number | null;

  @Field(() => String, { nullable: true, description: 'External id of the login session.' })
  @Column({ name: 'session_external_id', type: 'varchar', length: 191, nullable: true })
  sessionExternalId: string | null;

  @Field(() => String, { nullable: true, description: 'External id of the workflow run this execution belongs to.' })
  @Column({ name: 'workflow_run_external_id', type: 'varchar', length: 191, nullable: true })
  workflowRunExternalId: string | null;

  @Field(() => String, { nullable: true, description: 'External id of the task run this execution belongs to.' })
  @Column({ name: 'task_run_external_id', type: 'varchar', length: 191, nullable: true })
  taskRunExternalId: string | null;

  @Field(() => ExecutionStatus)
  @Column({ type: 'varchar', length: 16 })
  status: ExecutionStatus;

  @Field()
  @Column({ name: 'started_at', ...TIMESTAMP })
  startedAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ name: 'finished_at', ...TIMESTAMP, nullable: true })
  finishedAt: Date | null;

  @Field(() => Int, { nullable: true })
  @Column({ name: 'duration_ms', type: 'int', nullable: true })
  durationMs: number | null;

  @Field(() => String, { nullable: true, description: 'gen_ai.request.model' })
  @Column({ name: 'request_model', type: 'varchar', length: 128, nullable: true })
  requestModel: string | null;

  @Field(() => String, { nullable: true, description: 'gen_ai.response.model' })
  @Column({ name: 'response_model', type: 'varchar', length: 128, nullable: true })
  responseModel: string | null;

  @Field(() => String, { nullable: true, description: 'gen_ai.provider.name' })
  @Column({ type: 'varchar', length: 64, nullable: true })
  provider: string | null;

  @Field(() => Int, { description: 'gen_ai.usage.input_tokens' })
  @Column({ name: 'input_tokens', type: 'int', default: 0 })
  inputTokens: number;

  @Field(() => Int, { description: 'gen_ai.usage.output_tokens' })
  @Column({ name: 'output_tokens', type: 'int', default: 0 })
  outputTokens: number;

  @Field(() => Int)
  @Column({ name: 'total_tokens', type: 'int', default: 0 })
  totalTokens: number;

  @Field(() => Int, { nullable: true, description: 'gen_ai.usage.cache_read.input_tokens: part of the input tokens.' })
  @Column({ name: 'cached_input_tokens', type: 'int', nullable: true })
  cachedInputTokens: number | null;

  @Field(() => Int, { nullable: true, description: 'gen_ai.usage.reasoning.output_tokens: part of the output tokens.' })
  @Column({ name: 'reasoning_tokens', type: 'int', nullable: true })
  reasoningTokens: number | null;

  @Field({ description: 'True when no cost is known (no cost sent and the model has no price): its cost is unknown, not $0.' })
  @Column({ type: 'boolean', default: false })
  unpriced: boolean;

  /** Cost in billionths of a US dollar, so sums stay exact. */
  @Column({ name: 'cost_nanos', type: 'bigint', default: 0, transformer: bigintTransformer })
  costNanos: bigint;

  @Field(() => Decimal, { description: 'Cost in US dollars, exact to nine decimals.' })
  get costUsd(): string {
    return nanosToDecimal(this.costNanos);
  }

  @TraceIdColumn()
  traceId: string | null;

  @SpanIdColumn()
  spanId: string | null;

  @Field(() => String, { nullable: true, description: 'error.type' })
  @Column({ name: 'error_type', type: 'varchar', length: 128, nullable: true })
  errorType: string | null;

  @Field(() => String, { nullable: true })
  @Column({ name: 'error_message', type: 'text', nullable: true })
  errorMessage: string | null;

  @Field(() => String, { nullable: true, description: 'The prompt or input, if the platform sent it.' })
  // MEDIUMTEXT on MySQL (see the migration): payloads may exceed TEXT's 64 KiB.
  @Column({ name: 'input_payload', type: 'text', nullable: true })
  inputPayload: string | null;

  @Field(() => String, { nullable: true, description: 'The completion or output, if the platform sent it.' })
  // MEDIUMTEXT on MySQL (see the migration): payloads may exceed TEXT's 64 KiB.
  @Column({ name: 'output_payload', type: 'text', nullable: true })
  outputPayload: string | null;
}
