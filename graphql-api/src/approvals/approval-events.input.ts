import { Field, InputType } from 'type-graphql';
import { ApprovalDecision } from '../common/status';

@InputType({ description: 'Something waits for a person: name exactly one of runId, taskRunId or planId.' })
export class ApprovalRequestedEventInput {
  @Field({ description: "The platform's id for this approval: 1 to 191 printable ASCII characters, no spaces." })
  approvalId: string;

  @Field(() => String, {
    nullable: true,
    description: 'The runId of the workflow run that waits; the run must be known (NOT_FOUND otherwise).',
  })
  runId?: string | null;

  @Field(() => String, { nullable: true, description: 'The taskRunId of the task run that waits; it must be known.' })
  taskRunId?: string | null;

  @Field(() => String, { nullable: true, description: 'The planId of the plan that waits; it must be known.' })
  planId?: string | null;

  @Field({ description: 'When the approval was requested (years 2000 to 5999).' })
  requestedAt: Date;
}

@InputType({ description: 'A person decided a pending approval (or it expired).' })
export class ApprovalDecidedEventInput {
  @Field({ description: 'The approvalId of its approvalRequested event, which must come first (NOT_FOUND otherwise).' })
  approvalId: string;

  @Field(() => ApprovalDecision, { description: 'APPROVED, REJECTED or EXPIRED (PENDING is refused).' })
  decision: ApprovalDecision;

  @Field({ description: 'When it was decided; not before it was requested.' })
  decidedAt: Date;

  @Field(() => String, { nullable: true, description: 'The user who decided; created on first sight.' })
  decidedBy?: string | null;

  @Field(() => String, { nullable: true, description: "The decider's comment (at most 4096 bytes)." })
  comment?: string | null;
}
