import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../common/columns';
import { RunStatus } from '../common/status';

@ObjectType({ description: 'One attempt of one DAG node within a workflow run.' })
@Entity('task_runs')
export class TaskRun {
  @Field(() => ID, { description: "This API's id of the task run." })
  @PrimaryGeneratedColumn()
  id: number;

  @Field({ description: 'The id the monitored platform gives this task run; events upsert by it.' })
  @Column({ name: 'external_id', type: 'varchar', length: 191 })
  externalId: string;

  @Column({ name: 'workflow_run_id', type: 'int' })
  workflowRunId: number;

  /** Copied from the run, so task statistics group by workflow without a join. */
  @Column({ name: 'workflow_id', type: 'int' })
  workflowId: number;

  @Field({ description: 'The key of the DAG node this task runs (see Workflow.nodes).' })
  @Column({ name: 'node_key', type: 'varchar', length: 191 })
  nodeKey: string;

  @Field(() => Int, { description: 'Which attempt of the node this is, from 1; a retry is a new task run.' })
  @Column({ type: 'int', default: 1 })
  attempt: number;

  @Column({ name: 'agent_id', type: 'int', nullable: true })
  agentId: number | null;

  @Column({ name: 'tool_id', type: 'int', nullable: true })
  toolId: number | null;

  @Field(() => RunStatus, { description: 'Its latest state.' })
  @Column({ type: 'varchar', length: 24 })
  status: RunStatus;

  @Field(() => Date, {
    nullable: true,
    description: 'When it started; null while QUEUED (statistics count it once it starts).',
  })
  @Column({ name: 'started_at', ...TIMESTAMP, nullable: true })
  startedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it reached SUCCESS, FAILED or CANCELLED; null before.' })
  @Column({ name: 'finished_at', ...TIMESTAMP, nullable: true })
  finishedAt: Date | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Milliseconds from start to end, as sent or computed from the two times; null while unknown.',
  })
  @Column({ name: 'duration_ms', type: 'int', nullable: true })
  durationMs: number | null;

  @Field(() => String, { nullable: true, description: 'The error class, e.g. "TimeoutError"; set on failures.' })
  @Column({ name: 'error_type', type: 'varchar', length: 128, nullable: true })
  errorType: string | null;

  @Field(() => String, { nullable: true, description: 'The error text (at most 16 KiB).' })
  @Column({ name: 'error_message', type: 'text', nullable: true })
  errorMessage: string | null;
}
