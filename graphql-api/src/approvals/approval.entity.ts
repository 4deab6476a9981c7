import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../common/columns';
import { ApprovalDecision, ApprovalSubject } from '../common/status';

@ObjectType({ description: "A human-in-the-loop approval: a run, task run or plan waits for a person's decision." })
@Entity('approvals')
export class Approval {
  @Field(() => ID, { description: "This API's id of the approval." })
  @PrimaryGeneratedColumn()
  id: number;

  @Field({ description: 'The id the monitored platform gives this approval; events upsert by it.' })
  @Column({ name: 'external_id', type: 'varchar', length: 191 })
  externalId: string;

  @Field(() => ApprovalSubject, { description: 'What it holds back: workflowRun, taskRun or plan is set accordingly.' })
  @Column({ name: 'subject_type', type: 'varchar', length: 16 })
  subjectType: ApprovalSubject;

  @Column({ name: 'workflow_run_id', type: 'int', nullable: true })
  workflowRunId: number | null;

  @Column({ name: 'task_run_id', type: 'int', nullable: true })
  taskRunId: number | null;

  @Column({ name: 'plan_id', type: 'int', nullable: true })
  planId: number | null;

  @Field({ description: 'When it was requested (UTC); statistics count it in this minute.' })
  @Column({ name: 'requested_at', ...TIMESTAMP })
  requestedAt: Date;

  @Field(() => Date, { nullable: true, description: 'When it was decided or expired; null while PENDING.' })
  @Column({ name: 'decided_at', ...TIMESTAMP, nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'decided_by_id', type: 'int', nullable: true })
  decidedById: number | null;

  @Field(() => ApprovalDecision, { description: 'Its outcome so far.' })
  @Column({ type: 'varchar', length: 16 })
  decision: ApprovalDecision;

  @Field(() => String, { nullable: true, description: "The decider's comment, if any." })
  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Field(() => Int, { nullable: true, description: 'Milliseconds from request to decision; null while pending.' })
  get waitMs(): number | null {
    return this.decidedAt ? this.decidedAt.getTime() - this.requestedAt.getTime() : null;
  }
}
