import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../common/columns';
import { ApprovalDecision, ApprovalSubject } from '../common/status';

@ObjectType({ description: 'A human-in-the-loop approval: a run, task run or plan waits for a person\'s decision.' })
@Entity('approvals')
export class Approval {
  @Field(() => ID)
  @PrimaryGeneratedColumn()
  id: number;

  @Field({ description: 'The id the monitored platform gives this approval; events upsert by it.' })
  @Column({ name: 'external_id', type: 'varchar', length: 191 })
  externalId: string;

  @Field(() => ApprovalSubject)
  @Column({ name: 'subject_type', type: 'varchar', length: 16 })
  subjectType: ApprovalSubject;

  @Column({ name: 'workflow_run_id', type: 'int', nullable: true })
  workflowRunId: number | null;

  @Column({ name: 'task_run_id', type: 'int', nullable: true })
  taskRunId: number | null;

  @Column({ name: 'plan_id', type: 'int', nullable: true })
  planId: number | null;

  @Field()
  @Column({ name: 'requested_at', ...TIMESTAMP })
  requestedAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ name: 'decided_at', ...TIMESTAMP, nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'decided_by_id', type: 'int', nullable: true })
  decidedById: number | null;

  @Field(() => ApprovalDecision)
  @Column({ type: 'varchar', length: 16 })
  decision: ApprovalDecision;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Field(() => Int, { nullable: true, description: 'Milliseconds from request to decision; null while pending.' })
  get waitMs(): number | null {
    return this.decidedAt ? this.decidedAt.getTime() - this.requestedAt.getTime() : null;
  }
}
