import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { SpanIdColumn, TIMESTAMP, TraceIdColumn } from '../common/columns';
import { ExecutionStatus } from '../common/status';

@ObjectType({ description: 'One call of a tool, usually made by an agent execution.' })
@Entity('tool_executions')
export class ToolExecution {
  @Field(() => ID, { description: "This API's id of the call." })
  @PrimaryGeneratedColumn()
  id: number;

  @Field({ description: 'The id the monitored platform gives this call; events upsert by it.' })
  @Column({ name: 'request_id', type: 'varchar', length: 191 })
  requestId: string;

  @Column({ name: 'tool_id', type: 'int' })
  toolId: number;

  @Field(() => String, { nullable: true, description: 'Request id of the agent execution that made the call.' })
  @Column({ name: 'agent_execution_request_id', type: 'varchar', length: 191, nullable: true })
  agentExecutionRequestId: string | null;

  @Column({ name: 'user_id', type: 'int', nullable: true })
  userId: number | null;

  @Field(() => String, { nullable: true, description: "The platform's id of the login session it ran in." })
  @Column({ name: 'session_external_id', type: 'varchar', length: 191, nullable: true })
  sessionExternalId: string | null;

  @Field(() => ExecutionStatus, { description: 'Its latest state.' })
  @Column({ type: 'varchar', length: 16 })
  status: ExecutionStatus;

  @Field({ description: 'When the call started (UTC, milliseconds); statistics count it in this minute.' })
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

  @TraceIdColumn()
  traceId: string | null;

  @SpanIdColumn()
  spanId: string | null;

  @Field(() => String, { nullable: true, description: 'The error class, e.g. "TimeoutError"; set on failures.' })
  @Column({ name: 'error_type', type: 'varchar', length: 128, nullable: true })
  errorType: string | null;

  @Field(() => String, { nullable: true, description: 'The error text (at most 16 KiB).' })
  @Column({ name: 'error_message', type: 'text', nullable: true })
  errorMessage: string | null;
}
