import {
  Arg,
  Args,
  ArgsType,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  ObjectType,
  Query,
  registerEnumType,
  Resolver,
  Root,
} from 'type-graphql';
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
registerEnumType(ApprovalSort, {
  name: 'ApprovalSort',
  description: 'Orders for the list of approvals.',
  valuesConfig: {
    REQUESTED_AT: { description: 'By request time.' },
    DECIDED_AT: { description: 'By decision time; pending ones have none (first ascending, last descending).' },
  },
});

@InputType({ description: 'Narrows approvals; `from`/`to` apply to the request time.' })
export class ApprovalFilter extends TimeRangeFilter {
  @Field(() => [ApprovalDecision], { nullable: true, description: 'Any of these outcomes (PENDING: still waiting).' })
  decision?: ApprovalDecision[] | null;

  @Field(() => [ApprovalSubject], { nullable: true, description: 'Any of these subject types.' })
  subjectType?: ApprovalSubject[] | null;
}

@ArgsType()
export class ApprovalListArgs extends ListArgs(ApprovalFilter, ApprovalSort, ApprovalSort.REQUESTED_AT) {}

@ObjectType({ description: 'A page of approvals (Relay cursor connection).' })
export class ApprovalConnection extends Connection(Approval) {}

const APPROVALS: ListSpec<Approval> = {
  entity: Approval,
  time: 'requestedAt',
  filters: { decision: inColumn('decision'), subjectType: inColumn('subjectType') },
};

@Resolver(() => Approval)
export class ApprovalResolver {
  @Query(() => Approval, { nullable: true, description: "One approval by id or by the platform's approval id." })
  approval(
    @Ctx() context: RequestContext,
    @Arg('id', () => ID, { nullable: true, description: "This API's id; give exactly one of id and externalId." })
    id?: string,
    @Arg('externalId', () => String, {
      nullable: true,
      description: "The platform's approval id; give exactly one of id and externalId.",
    })
    externalId?: string
  ): Promise<Approval | null> {
    return lookup(context, Approval, id, 'externalId', 'externalId', externalId);
  }

  @Query(() => ApprovalConnection, {
    description: 'Approvals, a page at a time (newest request first unless sortBy says otherwise).',
  })
  approvals(@Args(() => ApprovalListArgs) args: ApprovalListArgs, @Ctx() context: RequestContext) {
    return list(context.services.readSource, APPROVALS, args);
  }

  @FieldResolver(() => WorkflowRun, {
    nullable: true,
    description: 'The run that waits (subjectType WORKFLOW_RUN), or the run of the task that waits.',
  })
  workflowRun(@Root() approval: Approval, @Ctx() context: RequestContext) {
    return approval.workflowRunId === null ? null : context.loaders.one(WorkflowRun).load(approval.workflowRunId);
  }

  @FieldResolver(() => TaskRun, { nullable: true, description: 'The task run that waits (subjectType TASK_RUN).' })
  taskRun(@Root() approval: Approval, @Ctx() context: RequestContext) {
    return approval.taskRunId === null ? null : context.loaders.one(TaskRun).load(approval.taskRunId);
  }

  @FieldResolver(() => Plan, { nullable: true, description: 'The plan that waits (subjectType PLAN).' })
  plan(@Root() approval: Approval, @Ctx() context: RequestContext) {
    return approval.planId === null ? null : context.loaders.one(Plan).load(approval.planId);
  }

  @FieldResolver(() => User, { nullable: true, description: 'The person who decided, when the event named one.' })
  decidedBy(@Root() approval: Approval, @Ctx() context: RequestContext) {
    return approval.decidedById === null ? null : context.loaders.one(User).load(approval.decidedById);
  }
}
