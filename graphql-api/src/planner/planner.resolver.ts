import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, InputType, ObjectType, Query, registerEnumType, Resolver, Root } from 'type-graphql';
import { Approval } from '../approvals/approval.entity';
import { Connection } from '../common/connection';
import type { RequestContext } from '../app/context';
import { inColumn, inDimension, list, ListArgs, ListSpec, TimeRangeFilter } from '../common/list';
import { DIMENSIONS } from '../recording/dimensions';
import { lookup } from '../common/lookup';
import { PlanStatus } from '../common/status';
import { User } from '../users/user.entity';
import { WorkflowRun } from '../workflows/workflow-run.entity';
import { Plan } from './plan.entity';
import { PlannerConversation } from './planner-conversation.entity';
import { PlannerMessage } from './planner-message.entity';

export enum PlanSort {
  CREATED_AT = 'createdAt',
  DECIDED_AT = 'decidedAt',
  STEP_COUNT = 'stepCount',
}
registerEnumType(PlanSort, { name: 'PlanSort' });

export enum ConversationSort {
  STARTED_AT = 'startedAt',
  LAST_MESSAGE_AT = 'lastMessageAt',
  MESSAGE_COUNT = 'messageCount',
}
registerEnumType(ConversationSort, { name: 'ConversationSort' });

@InputType({ description: 'Narrows plans; `from`/`to` apply to the creation time.' })
export class PlanFilter extends TimeRangeFilter {
  @Field(() => [PlanStatus], { nullable: true })
  status?: PlanStatus[] | null;

  @Field(() => [String], { nullable: true, description: 'The platform\'s user ids.' })
  user?: string[] | null;
}

@InputType({ description: 'Narrows planner conversations; `from`/`to` apply to the start time.' })
export class ConversationFilter extends TimeRangeFilter {
  @Field(() => [String], { nullable: true, description: 'The platform\'s user ids.' })
  user?: string[] | null;
}

@ArgsType()
export class PlanListArgs extends ListArgs(PlanFilter, PlanSort, PlanSort.CREATED_AT) {}

@ArgsType()
export class ConversationListArgs extends ListArgs(ConversationFilter, ConversationSort, ConversationSort.STARTED_AT) {}

@ObjectType()
export class PlanConnection extends Connection(Plan) {}

@ObjectType()
export class PlannerConversationConnection extends Connection(PlannerConversation) {}

export const PLANS: ListSpec<Plan> = {
  entity: Plan,
  time: 'createdAt',
  filters: { status: inColumn('status'), user: inDimension('userId', DIMENSIONS.user) },
};

const CONVERSATIONS: ListSpec<PlannerConversation> = {
  entity: PlannerConversation,
  time: 'startedAt',
  filters: { user: inDimension('userId', DIMENSIONS.user) },
};

@Resolver(() => Plan)
export class PlanResolver {
  @Query(() => Plan, { nullable: true, description: 'One plan by id or by the platform\'s plan id.' })
  plan(
    @Ctx() context: RequestContext,
    @Arg('id', () => ID, { nullable: true }) id?: string,
    @Arg('externalId', () => String, { nullable: true }) externalId?: string,
  ): Promise<Plan | null> {
    return lookup(context, Plan, id, 'externalId', 'externalId', externalId);
  }

  @Query(() => PlanConnection)
  plans(@Args(() => PlanListArgs) args: PlanListArgs, @Ctx() context: RequestContext) {
    return list(context.services.readSource, PLANS, args);
  }

  @FieldResolver(() => User)
  user(@Root() plan: Plan, @Ctx() context: RequestContext) {
    return context.loaders.one(User).load(plan.userId);
  }

  @FieldResolver(() => PlannerConversation, { nullable: true })
  conversation(@Root() plan: Plan, @Ctx() context: RequestContext) {
    return plan.conversationId === null ? null : context.loaders.one(PlannerConversation).load(plan.conversationId);
  }

  @FieldResolver(() => [Approval])
  approvals(@Root() plan: Plan, @Ctx() context: RequestContext) {
    return context.loaders.many(Approval, 'planId').load(plan.id);
  }

  @FieldResolver(() => [WorkflowRun], { description: 'The workflow runs that carry the plan out.' })
  workflowRuns(@Root() plan: Plan, @Ctx() context: RequestContext) {
    return context.loaders.many(WorkflowRun, 'planExternalId').load(plan.externalId);
  }
}

@Resolver(() => PlannerConversation)
export class PlannerConversationResolver {
  @Query(() => PlannerConversation, { nullable: true, description: 'One planner conversation by id or by the platform\'s id.' })
  plannerConversation(
    @Ctx() context: RequestContext,
    @Arg('id', () => ID, { nullable: true }) id?: string,
    @Arg('externalId', () => String, { nullable: true }) externalId?: string,
  ): Promise<PlannerConversation | null> {
    return lookup(context, PlannerConversation, id, 'externalId', 'externalId', externalId);
  }

  @Query(() => PlannerConversationConnection)
  plannerConversations(@Args(() => ConversationListArgs) args: ConversationListArgs, @Ctx() context: RequestContext) {
    return list(context.services.readSource, CONVERSATIONS, args);
  }

  @FieldResolver(() => User)
  user(@Root() conversation: PlannerConversation, @Ctx() context: RequestContext) {
    return context.loaders.one(User).load(conversation.userId);
  }

  @FieldResolver(() => [Plan])
  plans(@Root() conversation: PlannerConversation, @Ctx() context: RequestContext) {
    return context.loaders.many(Plan, 'conversationId').load(conversation.id);
  }

  @FieldResolver(() => [PlannerMessage], { description: 'Message metadata, in the order received.' })
  messages(@Root() conversation: PlannerConversation, @Ctx() context: RequestContext) {
    return context.loaders.many(PlannerMessage, 'conversationId').load(conversation.id);
  }
}
