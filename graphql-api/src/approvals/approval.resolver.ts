import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, InputType, ObjectType, Query, registerEnumType, Resolver, Root } from 'type-graphql';
import { Connection } from '../common/connection';
import type { RequestContext } from '../app/context';
import { inColumn, list, ListArgs, ListSpec, TimeRangeFilter } from '../common/list';
import { lookup } from '../common/lookup';
import { ApprovalDecision, ApprovalSubject } from '../common/status';
import { Plan } from '../planner/plan.entity';
import { User } from '../users/user.entity';
import { TaskRun } from '../workflows/task-run.entity';
import { WorkflowRun } from '../workflows/workflow-run.entity';
import { Approval } from './approval.entity';

export enum ApprovalSort {
  REQUESTED_AT = 'requestedAt',
  DECIDED_AT = 'decidedAt',
}
registerEnumType(ApprovalSort, { name: 'ApprovalSort' });

@InputType({ description: 'Narrows approvals; `from`/`to` apply to the request time.' })
export class ApprovalFilter extends TimeRangeFilter {
  @Field(() => [ApprovalDecision], { nullable: true })
  decision?: ApprovalDecision[] | null;

  @Field(() => [ApprovalSubject], { nullable: true })
  subjectType?: ApprovalSubject[] | null;
}

@ArgsType()
export class ApprovalListArgs extends ListArgs(ApprovalFilter, ApprovalSort, ApprovalSort.REQUESTED_AT) {}

@ObjectType()
export class ApprovalConnection extends Connection(Approval) {}

const APPROVALS: ListSpec<Approval> = {
  entity: Approval,
  time: 'requestedAt',
  filters: { decision: inColumn('decision'), subjectType: inColumn('subjectType') },
};

@Resolver(() => Approval)
export class ApprovalResolver {
  @Query(() => Approval, { nullable: true, description: 'One approval by id or by the platform\'s approval id.' })
  approval(
    @Ctx() context: RequestContext,
    @Arg('id', () => ID, { nullable: true }) id?: string,
    @Arg('externalId', () => String, { nullable: true }) externalId?: string,
  ): Promise<Approval | null> {
    return lookup(context, Approval, id, 'externalId', 'externalId', externalId);
  }

  @Query(() => ApprovalConnection)
  approvals(@Args(() => ApprovalListArgs) args: ApprovalListArgs, @Ctx() context: RequestContext) {
    return list(context.services.readSource, APPROVALS, args);
  }

  @FieldResolver(() => WorkflowRun, { nullable: true })
  workflowRun(@Root() approval: Approval, @Ctx() context: RequestContext) {
    return approval.workflowRunId === null ? null : context.loaders.one(WorkflowRun).load(approval.workflowRunId);
  }

  @FieldResolver(() => TaskRun, { nullable: true })
  taskRun(@Root() approval: Approval, @Ctx() context: RequestContext) {
    return approval.taskRunId === null ? null : context.loaders.one(TaskRun).load(approval.taskRunId);
  }

  @FieldResolver(() => Plan, { nullable: true })
  plan(@Root() approval: Approval, @Ctx() context: RequestContext) {
    return approval.planId === null ? null : context.loaders.one(Plan).load(approval.planId);
  }

  @FieldResolver(() => User, { nullable: true })
  decidedBy(@Root() approval: Approval, @Ctx() context: RequestContext) {
    return approval.decidedById === null ? null : context.loaders.one(User).load(approval.decidedById);
  }
}
