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
registerEnumType(PlanSort, {
  name: 'PlanSort',
  description: 'Orders for the list of plans.',
  valuesConfig: {
    CREATED_AT: { description: 'By creation time.' },
    DECIDED_AT: { description: 'By decision time; undecided plans have none (first ascending, last descending).' },
    STEP_COUNT: { description: 'By number of steps.' },
  },
});

export enum ConversationSort {
  STARTED_AT = 'startedAt',
  LAST_MESSAGE_AT = 'lastMessageAt',
  MESSAGE_COUNT = 'messageCount',
}
registerEnumType(ConversationSort, {
  name: 'ConversationSort',
  description: 'Orders for the list of planner conversations.',
  valuesConfig: {
    STARTED_AT: { description: 'By start time.' },
    LAST_MESSAGE_AT: { description: 'By the time of the latest message.' },
    MESSAGE_COUNT: { description: 'By number of messages.' },
  },
});

@InputType({ description: 'Narrows plans; `from`/`to` apply to the creation time.' })
export class PlanFilter extends TimeRangeFilter {
  @Field(() => [PlanStatus], { nullable: true, description: 'Any of these states.' })
  status?: PlanStatus[] | null;

  @Field(() => [String], { nullable: true, description: "The platform's user ids." })
  user?: string[] | null;
}

@InputType({ description: 'Narrows planner conversations; `from`/`to` apply to the start time.' })
export class ConversationFilter extends TimeRangeFilter {
  @Field(() => [String], { nullable: true, description: "The platform's user ids." })
  user?: string[] | null;
}

@ArgsType()
export class PlanListArgs extends ListArgs(PlanFilter, PlanSort, PlanSort.CREATED_AT) {}

@ArgsType()
export class ConversationListArgs extends ListArgs(ConversationFilter, ConversationSort, ConversationSort.STARTED_AT) {}

@ObjectType({ description: 'A page of plans (Relay cursor connection).' })
export class PlanConnection extends Connection(Plan) {}

@ObjectType({ description: 'A page of planner conversations (Relay cursor connection).' })
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
  @Query(() => Plan, { nullable: true, description: "One plan by id or by the platform's plan id." })
  plan(
    @Ctx() context: RequestContext,
    @Arg('id', () => ID, { nullable: true, description: "This API's id; give exactly one of id and externalId." })
    id?: string,
    @Arg('externalId', () => String, {
      nullable: true,
      description: "The platform's plan id; give exactly one of id and externalId.",
    })
    externalId?: string
  ): Promise<Plan | null> {
    return lookup(context, Plan, id, 'externalId', 'externalId', externalId);
  }

  @Query(() => PlanConnection, { description: 'Plans, a page at a time (newest first unless sortBy says otherwise).' })
  plans(@Args(() => PlanListArgs) args: PlanListArgs, @Ctx() context: RequestContext) {
    return list(context.services.readSource, PLANS, args);
  }

  @FieldResolver(() => User, { description: 'The user the plan was made for.' })
  user(@Root() plan: Plan, @Ctx() context: RequestContext) {
    return context.loaders.one(User).load(plan.userId);
  }

  @FieldResolver(() => PlannerConversation, {
    nullable: true,
    description: 'The conversation it came from, if the event named one.',
  })
  conversation(@Root() plan: Plan, @Ctx() context: RequestContext) {
    return plan.conversationId === null ? null : context.loaders.one(PlannerConversation).load(plan.conversationId);
  }

  @FieldResolver(() => [Approval], { description: 'The approvals requested for this plan.' })
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
  @Query(() => PlannerConversation, {
    nullable: true,
    description: "One planner conversation by id or by the platform's id.",
  })
  plannerConversation(
    @Ctx() context: RequestContext,
    @Arg('id', () => ID, { nullable: true, description: "This API's id; give exactly one of id and externalId." })
    id?: string,
    @Arg('externalId', () => String, {
      nullable: true,
      description: "The platform's conversation id; give exactly one of id and externalId.",
    })
    externalId?: string
  ): Promise<PlannerConversation | null> {
    return lookup(context, PlannerConversation, id, 'externalId', 'externalId', externalId);
  }

  @Query(() => PlannerConversationConnection, {
    description: 'Planner conversations, a page at a time (newest start first unless sortBy says otherwise).',
  })
  plannerConversations(@Args(() => ConversationListArgs) args: ConversationListArgs, @Ctx() context: RequestContext) {
    return list(context.services.readSource, CONVERSATIONS, args);
  }

  @FieldResolver(() => User, { description: 'The user talking to the planner.' })
  user(@Root() conversation: PlannerConversation, @Ctx() context: RequestContext) {
    return context.loaders.one(User).load(conversation.userId);
  }

  @FieldResolver(() => [Plan], { description: 'The plans that came from this conversation.' })
  plans(@Root() conversation: PlannerConversation, @Ctx() context: RequestContext) {
    return context.loaders.many(Plan, 'conversationId').load(conversation.id);
  }

  @FieldResolver(() => [PlannerMessage], { description: 'Message metadata, in the order received.' })
  messages(@Root() conversation: PlannerConversation, @Ctx() context: RequestContext) {
    return context.loaders.many(PlannerMessage, 'conversationId').load(conversation.id);
  }
}
