import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { SpanIdColumn, TIMESTAMP, TraceIdColumn } from '../common/columns';
import { RunStatus } from '../common/status';

@ObjectType({ description: 'One run of a workflow, with its state, timing and the task runs of its DAG nodes.' })
@Entity('workflow_runs')
export class WorkflowRun {
  @Field(() => ID, { description: "This API's id of the run." })
  @PrimaryGeneratedColumn()
  id: number;

  @Field({ description: 'The id the monitored platform gives this run; events upsert by it.' })
  @Column({ name: 'run_id', type: 'varchar', length: 191 })
  runId: string;

  @Column({ name: 'workflow_id', type: 'int' })
  workflowId: number;

  @Column({ name: 'triggered_by_id', type: 'int', nullable: true })
  triggeredById: number | null;

  @Field(() => String, { nullable: true, description: "The platform's id of the plan this run carries out, if any." })
  @Column({ name: 'plan_external_id', type: 'varchar', length: 191, nullable: true })
  planExternalId: string | null;

  @Field(() => RunStatus, { description: 'Its latest state.' })
  @Column({ type: 'varchar', length: 24 })
  status: RunStatus;

  @Field({ description: 'When the run was queued or started (UTC); statistics count it in this minute.' })
  @Column({ name: 'started_at', ...TIMESTAMP })
  startedAt: Date;

  @Field(() => Date, { nullable: true, description: 'When it reached SUCCESS, FAILED or CANCELLED; null before.' })
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
