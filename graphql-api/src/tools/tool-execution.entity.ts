import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { SpanIdColumn, TIMESTAMP, TraceIdColumn } from '../common/columns';
import { ExecutionStatus } from '../common/status';

@ObjectType({ description: 'One call of a tool, usually made by an agent execution.' })
@Entity('tool_executions')
export class ToolExecution {
  @Field(() => ID)
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

  @Field(() => String, { nullable: true, description: 'External id of the login session.' })
  @Column({ name: 'session_external_id', type: 'varchar', length: 191, nullable: true })
  sessionExternalId: string | null;

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

  @TraceIdColumn()
  traceId: string | null;

  @SpanIdColumn()
  spanId: string | null;

  @Field(() => String, { nullable: true })
  @Column({ name: 'error_type', type: 'varchar', length: 128, nullable: true })
  errorType: string | null;

  @Field(() => String, { nullable: true })
  @Column({ name: 'error_message', type: 'text', nullable: true })
  errorMessage: string | null;
}
