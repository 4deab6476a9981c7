import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, InputType, ObjectType, Query, registerEnumType, Resolver, Root } from 'type-graphql';
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
registerEnumType(AgentExecutionSort, { name: 'AgentExecutionSort' });

@InputType({ description: 'Narrows agent executions; list fields match any of their values.' })
export class AgentExecutionFilter extends TimeRangeFilter {
  @Field(() => [ExecutionStatus], { nullable: true })
  status?: ExecutionStatus[] | null;

  @Field(() => [String], { nullable: true, description: 'Agent names.' })
  agent?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'The platform\'s user ids.' })
  user?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Request models.' })
  model?: string[] | null;

  @Field(() => [String], { nullable: true })
  provider?: string[] | null;

  @Field(() => [String], { nullable: true })
  errorType?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'External ids of workflow runs.' })
  workflowRunId?: string[] | null;
}

@ArgsType()
export class AgentExecutionListArgs extends ListArgs(AgentExecutionFilter, AgentExecutionSort, AgentExecutionSort.STARTED_AT) {}

@ObjectType()
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
    @Arg('id', () => ID, { nullable: true }) id?: string,
    @Arg('requestId', () => String, { nullable: true }) requestId?: string,
  ): Promise<AgentExecution | null> {
    return lookup(context, AgentExecution, id, 'requestId', 'requestId', requestId);
  }

  @Query(() => AgentExecutionConnection)
  agentExecutions(@Args(() => AgentExecutionListArgs) args: AgentExecutionListArgs, @Ctx() context: RequestContext) {
    return list(context.services.readSource, AGENT_EXECUTIONS, args);
  }

  @FieldResolver(() => Agent)
  agent(@Root() execution: AgentExecution, @Ctx() context: RequestContext) {
    return context.loaders.one(Agent).load(execution.agentId);
  }

  @FieldResolver(() => User, { nullable: true })
  user(@Root() execution: AgentExecution, @Ctx() context: RequestContext) {
    return execution.userId === null ? null : context.loaders.one(User).load(execution.userId);
  }

  @FieldResolver(() => LoginSession, { nullable: true })
  session(@Root() execution: AgentExecution, @Ctx() context: RequestContext) {
    return execution.sessionExternalId === null ? null : context.loaders.one(LoginSession, 'externalId').load(execution.sessionExternalId);
  }

  @FieldResolver(() => WorkflowRun, { nullable: true })
  workflowRun(@Root() execution: AgentExecution, @Ctx() context: RequestContext) {
    return execution.workflowRunExternalId === null ? null : context.loaders.one(WorkflowRun, 'runId').load(execution.workflowRunExternalId);
  }

  @FieldResolver(() => TaskRun, { nullable: true })
  taskRun(@Root() execution: AgentExecution, @Ctx() context: RequestContext) {
    return execution.taskRunExternalId === null ? null : context.loaders.one(TaskRun, 'externalId').load(execution.taskRunExternalId);
  }

  @FieldResolver(() => [ToolExecution], { description: 'The tool calls this execution made.' })
  toolExecutions(@Root() execution: AgentExecution, @Ctx() context: RequestContext) {
    return context.loaders.many(ToolExecution, 'agentExecutionRequestId').load(execution.requestId);
  }
}

export const AgentResolver = namedDimensionResolver(Agent, 'agent', 'agents');
