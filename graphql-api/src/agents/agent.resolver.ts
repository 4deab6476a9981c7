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
import { inColumn, inDimension, list, ListArgs, ListSpec, TimeRangeFilter } from '../common/list';
import { DIMENSIONS } from '../recording/dimensions';
import { lookup } from '../common/lookup';
import { namedDimensionResolver } from '../common/named-dimension.resolver';
import { ExecutionStatus } from '../common/status';
import { LoginSession } from '../sessions/login-session.entity';
import { ToolExecution } from '../tools/tool-execution.entity';
import { User } from '../users/user.entity';
import { TaskRun } from '../workflows/task-run.entity';
import { WorkflowRun } from '../workflows/workflow-run.entity';
import { Agent } from './agent.entity';
import { AgentExecution } from './agent-execution.entity';

export enum AgentExecutionSort {
  STARTED_AT = 'startedAt',
  FINISHED_AT = 'finishedAt',
  DURATION_MS = 'durationMs',
  TOTAL_TOKENS = 'totalTokens',
  COST_USD = 'costNanos',
}
registerEnumType(AgentExecutionSort, {
  name: 'AgentExecutionSort',
  description: 'Orders for the list of agent executions.',
  valuesConfig: {
    STARTED_AT: { description: 'By start time.' },
    FINISHED_AT: { description: 'By end time; running executions have none (first ascending, last descending).' },
    DURATION_MS: { description: 'By duration; executions without one sort as missing values.' },
    TOTAL_TOKENS: { description: 'By total tokens.' },
    COST_USD: { description: 'By cost.' },
  },
});

@InputType({ description: 'Narrows agent executions; list fields match any of their values.' })
export class AgentExecutionFilter extends TimeRangeFilter {
  @Field(() => [ExecutionStatus], { nullable: true, description: 'Any of these states.' })
  status?: ExecutionStatus[] | null;

  @Field(() => [String], { nullable: true, description: 'Agent names.' })
  agent?: string[] | null;

  @Field(() => [String], { nullable: true, description: "The platform's user ids." })
  user?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Any of these request models.' })
  model?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Any of these providers.' })
  provider?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Any of these error classes (errorType).' })
  errorType?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'External ids of workflow runs.' })
  workflowRunId?: string[] | null;
}

@ArgsType()
export class AgentExecutionListArgs extends ListArgs(
  AgentExecutionFilter,
  AgentExecutionSort,
  AgentExecutionSort.STARTED_AT
) {}

@ObjectType({ description: 'A page of agent executions (Relay cursor connection).' })
export class AgentExecutionConnection extends Connection(AgentExecution) {}

export const AGENT_EXECUTIONS: ListSpec<AgentExecution> = {
  entity: AgentExecution,
  time: 'startedAt',
  filters: {
    status: inColumn('status'),
    agent: inDimension('agentId', DIMENSIONS.agent),
    user: inDimension('userId', DIMENSIONS.user),
    model: inColumn('requestModel'),
    provider: inColumn('provider'),
    errorType: inColumn('errorType'),
    workflowRunId: inColumn('workflowRunExternalId'),
  },
};

@Resolver(() => AgentExecution)
export class AgentExecutionResolver {
  @Query(() => AgentExecution, { nullable: true, description: 'One agent execution by id or requestId.' })
  agentExecution(
    @Ctx() context: RequestContext,
    @Arg('id', () => ID, { nullable: true, description: "This API's id; give exactly one of id and requestId." })
    id?: string,
    @Arg('requestId', () => String, {
      nullable: true,
      description: "The platform's id of the execution; give exactly one of id and requestId.",
    })
    requestId?: string
  ): Promise<AgentExecution | null> {
    return lookup(context, AgentExecution, id, 'requestId', 'requestId', requestId);
  }

  @Query(() => AgentExecutionConnection, {
    description:
      'Agent executions, a page at a time (newest start first unless sortBy says otherwise); filter.from/to apply to the start time.',
  })
  agentExecutions(@Args(() => AgentExecutionListArgs) args: AgentExecutionListArgs, @Ctx() context: RequestContext) {
    return list(context.services.readSource, AGENT_EXECUTIONS, args);
  }

  @FieldResolver(() => Agent, { description: 'The agent that ran.' })
  agent(@Root() execution: AgentExecution, @Ctx() context: RequestContext) {
    return context.loaders.one(Agent).load(execution.agentId);
  }

  @FieldResolver(() => User, { nullable: true, description: 'The user it ran for, when the event named one.' })
  user(@Root() execution: AgentExecution, @Ctx() context: RequestContext) {
    return execution.userId === null ? null : context.loaders.one(User).load(execution.userId);
  }

  @FieldResolver(() => LoginSession, {
    nullable: true,
    description: 'The login session it ran in, once that session is known.',
  })
  session(@Root() execution: AgentExecution, @Ctx() context: RequestContext) {
    return execution.sessionExternalId === null
      ? null
      : context.loaders.one(LoginSession, 'externalId').load(execution.sessionExternalId);
  }

  @FieldResolver(() => WorkflowRun, {
    nullable: true,
    description: 'The workflow run it belongs to, once that run is known.',
  })
  workflowRun(@Root() execution: AgentExecution, @Ctx() context: RequestContext) {
    return execution.workflowRunExternalId === null
      ? null
      : context.loaders.one(WorkflowRun, 'runId').load(execution.workflowRunExternalId);
  }

  @FieldResolver(() => TaskRun, {
    nullable: true,
    description: 'The task run it belongs to, once that task run is known.',
  })
  taskRun(@Root() execution: AgentExecution, @Ctx() context: RequestContext) {
    return execution.taskRunExternalId === null
      ? null
      : context.loaders.one(TaskRun, 'externalId').load(execution.taskRunExternalId);
  }

  @FieldResolver(() => [ToolExecution], { description: 'The tool calls this execution made.' })
  toolExecutions(@Root() execution: AgentExecution, @Ctx() context: RequestContext) {
    return context.loaders.many(ToolExecution, 'agentExecutionRequestId').load(execution.requestId);
  }
}

export const AgentResolver = namedDimensionResolver(Agent, 'agent', 'agents');
