import { Field, InputType } from 'type-graphql';
import { ApprovalDecision } from '../common/status';

@InputType({ description: 'Something waits for a person: name exactly one of runId, taskRunId or planId.' })
export class ApprovalRequestedEventInput {
  @Field({ description: 'The platform\'s id for this approval.' })
  approvalId: string;

  @Field(() => String, { nullable: true })
  runId?: string | null;

  @Field(() => String, { nullable: true })
  taskRunId?: string | null;

  @Field(() => String, { nullable: true })
  planId?: string | null;

  @Field()
  requestedAt: Date;
}

@InputType({ description: 'A person decided a pending approval (or it expired).' })
export class ApprovalDecidedEventInput {
  @Field()
  approvalId: string;

  @Field(() => ApprovalDecision, { description: 'APPROVED, REJECTED or EXPIRED.' })
  decision: ApprovalDecision;

  @Field()
  decidedAt: Date;

  @Field(() => String, { nullable: true, description: 'The user who decided; created on first sight.' })
  decidedBy?: string | null;

  @Field(() => String, { nullable: true })
  comment?: string | null;
}
