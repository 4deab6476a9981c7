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
import { AgentExecution } from '../agents/agent-execution.entity';
import { Connection } from '../common/connection';
import type { RequestContext } from '../app/context';
import { inColumn, inDimension, list, ListArgs, ListSpec, TimeRangeFilter } from '../common/list';
import { DIMENSIONS } from '../recording/dimensions';
import { lookup } from '../common/lookup';
import { namedDimensionResolver } from '../common/named-dimension.resolver';
import { ExecutionStatus } from '../common/status';
import { User } from '../users/user.entity';
import { Tool } from './tool.entity';
import { ToolExecution } from './tool-execution.entity';

export enum ToolExecutionSort {
  STARTED_AT = 'startedAt',
  FINISHED_AT = 'finishedAt',
  DURATION_MS = 'durationMs',
}
registerEnumType(ToolExecutionSort, {
  name: 'ToolExecutionSort',
  description: 'Orders for the list of tool executions.',
  valuesConfig: {
    STARTED_AT: { description: 'By start time.' },
    FINISHED_AT: { description: 'By end time; running calls have none (first ascending, last descending).' },
    DURATION_MS: { description: 'By duration: DESC gives the slowest calls first.' },
  },
});

@InputType({ description: 'Narrows tool executions; list fields match any of their values.' })
export class ToolExecutionFilter extends TimeRangeFilter {
  @Field(() => [ExecutionStatus], { nullable: true, description: 'Any of these states.' })
  status?: ExecutionStatus[] | null;

  @Field(() => [String], { nullable: true, description: 'Tool names.' })
  tool?: string[] | null;

  @Field(() => [String], { nullable: true, description: "The platform's user ids." })
  user?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Request ids of the calling agent executions.' })
  agentExecutionId?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Any of these error classes (errorType).' })
  errorType?: string[] | null;
}

@ArgsType()
export class ToolExecutionListArgs extends ListArgs(
  ToolExecutionFilter,
  ToolExecutionSort,
  ToolExecutionSort.STARTED_AT
) {}

@ObjectType({ description: 'A page of tool executions (Relay cursor connection).' })
export class ToolExecutionConnection extends Connection(ToolExecution) {}

const TOOL_EXECUTIONS: ListSpec<ToolExecution> = {
  entity: ToolExecution,
  time: 'startedAt',
  filters: {
    status: inColumn('status'),
    tool: inDimension('toolId', DIMENSIONS.tool),
    user: inDimension('userId', DIMENSIONS.user),
    agentExecutionId: inColumn('agentExecutionRequestId'),
    errorType: inColumn('errorType'),
  },
};

@Resolver(() => ToolExecution)
export class ToolExecutionResolver {
  @Query(() => ToolExecution, { nullable: true, description: 'One tool execution by id or requestId.' })
  toolExecution(
    @Ctx() context: RequestContext,
    @Arg('id', () => ID, { nullable: true, description: "This API's id; give exactly one of id and requestId." })
    id?: string,
    @Arg('requestId', () => String, {
      nullable: true,
      description: "The platform's id of the call; give exactly one of id and requestId.",
    })
    requestId?: string
  ): Promise<ToolExecution | null> {
    return lookup(context, ToolExecution, id, 'requestId', 'requestId', requestId);
  }

  @Query(() => ToolExecutionConnection, {
    description:
      'Tool executions, a page at a time (newest start first unless sortBy says otherwise); filter.from/to apply to the start time.',
  })
  toolExecutions(@Args(() => ToolExecutionListArgs) args: ToolExecutionListArgs, @Ctx() context: RequestContext) {
    return list(context.services.readSource, TOOL_EXECUTIONS, args);
  }

  @FieldResolver(() => Tool, { description: 'The tool called.' })
  tool(@Root() execution: ToolExecution, @Ctx() context: RequestContext) {
    return context.loaders.one(Tool).load(execution.toolId);
  }

  @FieldResolver(() => User, { nullable: true, description: 'The user it ran for, when the event named one.' })
  user(@Root() execution: ToolExecution, @Ctx() context: RequestContext) {
    return execution.userId === null ? null : context.loaders.one(User).load(execution.userId);
  }

  @FieldResolver(() => AgentExecution, {
    nullable: true,
    description: 'The agent execution that made the call, once it is known.',
  })
  agentExecution(@Root() execution: ToolExecution, @Ctx() context: RequestContext) {
    const requestId = execution.agentExecutionRequestId;
    return requestId === null ? null : context.loaders.one(AgentExecution, 'requestId').load(requestId);
  }
}

export const ToolResolver = namedDimensionResolver(Tool, 'tool', 'tools');
