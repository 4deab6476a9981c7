import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { SpanIdColumn, TIMESTAMP, TraceIdColumn } from '../common/columns';
import { RunStatus } from '../common/status';

@ObjectType({ description: 'One run of a workflow.' })
@Entity('workflow_runs')
export class WorkflowRun {
  @Field(() => ID)
  @PrimaryGeneratedColumn()
  id: number;

  @Field({ description: 'The id the monitored platform gives this run; events upsert by it.' })
  @Column({ name: 'run_id', type: 'varchar', length: 191 })
  runId: string;

  @Column({ name: 'workflow_id', type: 'int' })
  workflowId: number;

  @Column({ name: 'triggered_by_id', type: 'int', nullable: true })
  triggeredById: number | null;

  @Field(() => String, { nullable: true, description: 'External id of the plan that started this run.' })
  @Column({ name: 'plan_external_id', type: 'varchar', length: 191, nullable: true })
  planExternalId: string | null;

  @Field(() => RunStatus)
  @Column({ type: 'varchar', length: 24 })
  status: RunStatus;

  @Field({ description: 'When the run was queued or started.' })
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
