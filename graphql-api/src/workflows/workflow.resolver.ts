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
import { Agent } from '../agents/agent.entity';
import { Approval } from '../approvals/approval.entity';
import { Connection, SortDirection } from '../common/connection';
import type { RequestContext } from '../app/context';
import { inColumn, inDimension, list, ListArgs, ListSpec, TimeRangeFilter } from '../common/list';
import { DIMENSIONS } from '../recording/dimensions';
import { lookup } from '../common/lookup';
import { RunStatus } from '../common/status';
import { Tool } from '../tools/tool.entity';
import { User } from '../users/user.entity';
import { TaskRun } from './task-run.entity';
import { Workflow } from './workflow.entity';
import { WorkflowRun } from './workflow-run.entity';

export enum WorkflowSort {
  KEY = 'key',
  NAME = 'name',
  CREATED_AT = 'createdAt',
  UPDATED_AT = 'updatedAt',
}
registerEnumType(WorkflowSort, {
  name: 'WorkflowSort',
  description: 'Orders for the list of workflows.',
  valuesConfig: {
    KEY: { description: "By the platform's workflow key." },
    NAME: { description: 'By display name.' },
    CREATED_AT: { description: 'By the time of the first event that named it.' },
    UPDATED_AT: { description: 'By the time of the definition it holds.' },
  },
});

export enum RunSort {
  STARTED_AT = 'startedAt',
  FINISHED_AT = 'finishedAt',
  DURATION_MS = 'durationMs',
}
registerEnumType(RunSort, {
  name: 'RunSort',
  description: 'Orders for lists of workflow runs and task runs.',
  valuesConfig: {
    STARTED_AT: { description: 'By the time it was queued or started.' },
    FINISHED_AT: { description: 'By end time; unfinished ones have none (first ascending, last descending).' },
    DURATION_MS: { description: 'By duration; DESC gives the slowest first.' },
  },
});

@InputType({ description: 'Narrows workflows; `from`/`to` apply to the creation time.' })
export class WorkflowFilter extends TimeRangeFilter {
  @Field(() => [String], { nullable: true, description: 'Any of these workflow keys.' })
  key?: string[] | null;

  @Field(() => [String], { nullable: true, description: "The platform's ids of the owners." })
  owner?: string[] | null;
}

@InputType({ description: 'Narrows workflow runs; list fields match any of their values.' })
export class WorkflowRunFilter extends TimeRangeFilter {
  @Field(() => [RunStatus], { nullable: true, description: 'Any of these states.' })
  status?: RunStatus[] | null;

  @Field(() => [String], { nullable: true, description: 'Workflow keys.' })
  workflow?: string[] | null;

  @Field(() => [String], { nullable: true, description: "The platform's ids of the users who started the runs." })
  user?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'External ids of the plans the runs carry out.' })
  planId?: string[] | null;
}

@InputType({ description: 'Narrows task runs; `from`/`to` apply to the start time.' })
export class TaskRunFilter extends TimeRangeFilter {
  @Field(() => [RunStatus], { nullable: true, description: 'Any of these states.' })
  status?: RunStatus[] | null;

  @Field(() => [String], { nullable: true, description: 'External ids of the workflow runs.' })
  runId?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Agent names.' })
  agent?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Tool names.' })
  tool?: string[] | null;
}

@ArgsType()
export class WorkflowListArgs extends ListArgs(WorkflowFilter, WorkflowSort, WorkflowSort.KEY, SortDirection.ASC) {}

@ArgsType()
export class WorkflowRunListArgs extends ListArgs(WorkflowRunFilter, RunSort, RunSort.STARTED_AT) {}

@ArgsType()
export class TaskRunListArgs extends ListArgs(TaskRunFilter, RunSort, RunSort.STARTED_AT) {}

@ObjectType({ description: 'A page of workflows (Relay cursor connection).' })
export class WorkflowConnection extends Connection(Workflow) {}

@ObjectType({ description: 'A page of workflow runs (Relay cursor connection).' })
export class WorkflowRunConnection extends Connection(WorkflowRun) {}

@ObjectType({ description: 'A page of task runs (Relay cursor connection).' })
export class TaskRunConnection extends Connection(TaskRun) {}

const WORKFLOWS: ListSpec<Workflow> = {
  entity: Workflow,
  time: 'createdAt',
  filters: { key: inColumn('key'), owner: inDimension('ownerId', DIMENSIONS.user) },
};

const WORKFLOW_RUNS: ListSpec<WorkflowRun> = {
  entity: WorkflowRun,
  time: 'startedAt',
  filters: {
    status: inColumn('status'),
    workflow: inDimension('workflowId', DIMENSIONS.workflow),
    user: inDimension('triggeredById', DIMENSIONS.user),
    planId: inColumn('planExternalId'),
  },
};

const TASK_RUNS: ListSpec<TaskRun> = {
  entity: TaskRun,
  time: 'startedAt',
  filters: {
    status: inColumn('status'),
    runId: inDimension('workflowRunId', { entity: WorkflowRun, keyProperty: 'runId' }),
    agent: inDimension('agentId', DIMENSIONS.agent),
    tool: inDimension('toolId', DIMENSIONS.tool),
  },
};

@Resolver(() => Workflow)
export class WorkflowResolver {
  @Query(() => Workflow, { nullable: true, description: 'One workflow by id or key.' })
  workflow(
    @Ctx() context: RequestContext,
    @Arg('id', () => ID, { nullable: true, description: "This API's id; give exactly one of id and key." }) id?: string,
    @Arg('key', () => String, {
      nullable: true,
      description: "The platform's workflow key; give exactly one of id and key.",
    })
    key?: string
  ): Promise<Workflow | null> {
    return lookup(context, Workflow, id, 'key', 'key', key);
  }

  @Query(() => WorkflowConnection, {
    description: 'Workflow definitions, a page at a time (by key A to Z unless sortBy says otherwise).',
  })
  workflows(@Args(() => WorkflowListArgs) args: WorkflowListArgs, @Ctx() context: RequestContext) {
    return list(context.services.readSource, WORKFLOWS, args);
  }

  @FieldResolver(() => User, { nullable: true, description: 'The user who owns it, when its definition named one.' })
  owner(@Root() workflow: Workflow, @Ctx() context: RequestContext) {
    return workflow.ownerId === null ? null : context.loaders.one(User).load(workflow.ownerId);
  }
}

@Resolver(() => WorkflowRun)
export class WorkflowRunResolver {
  @Query(() => WorkflowRun, { nullable: true, description: 'One workflow run by id or runId.' })
  workflowRun(
    @Ctx() context: RequestContext,
    @Arg('id', () => ID, { nullable: true, description: "This API's id; give exactly one of id and runId." })
    id?: string,
    @Arg('runId', () => String, {
      nullable: true,
      description: "The platform's run id; give exactly one of id and runId.",
    })
    runId?: string
  ): Promise<WorkflowRun | null> {
    return lookup(context, WorkflowRun, id, 'runId', 'runId', runId);
  }

  @Query(() => WorkflowRunConnection, {
    description:
      'Workflow runs, a page at a time (newest first unless sortBy says otherwise); filter.from/to apply to the time it was queued or started.',
  })
  workflowRuns(@Args(() => WorkflowRunListArgs) args: WorkflowRunListArgs, @Ctx() context: RequestContext) {
    return list(context.services.readSource, WORKFLOW_RUNS, args);
  }

  @FieldResolver(() => Workflow, { description: 'The workflow it runs.' })
  workflow(@Root() run: WorkflowRun, @Ctx() context: RequestContext) {
    return context.loaders.one(Workflow).load(run.workflowId);
  }

  @FieldResolver(() => User, { nullable: true, description: 'The user who started it, when the event named one.' })
  triggeredBy(@Root() run: WorkflowRun, @Ctx() context: RequestContext) {
    return run.triggeredById === null ? null : context.loaders.one(User).load(run.triggeredById);
  }

  @FieldResolver(() => [TaskRun], { description: 'Its task runs, in the order they were first reported.' })
  taskRuns(@Root() run: WorkflowRun, @Ctx() context: RequestContext) {
    return context.loaders.many(TaskRun, 'workflowRunId').load(run.id);
  }

  @FieldResolver(() => [Approval], { description: 'Approvals this run (or one of its tasks) waited for.' })
  approvals(@Root() run: WorkflowRun, @Ctx() context: RequestContext) {
    return context.loaders.many(Approval, 'workflowRunId').load(run.id);
  }
}

@Resolver(() => TaskRun)
export class TaskRunResolver {
  @Query(() => TaskRun, { nullable: true, description: "One task run by id or by the platform's task run id." })
  taskRun(
    @Ctx() context: RequestContext,
    @Arg('id', () => ID, { nullable: true, description: "This API's id; give exactly one of id and externalId." })
    id?: string,
    @Arg('externalId', () => String, {
      nullable: true,
      description: "The platform's task run id; give exactly one of id and externalId.",
    })
    externalId?: string
  ): Promise<TaskRun | null> {
    return lookup(context, TaskRun, id, 'externalId', 'externalId', externalId);
  }

  @Query(() => TaskRunConnection, {
    description:
      'Task runs, a page at a time (newest start first unless sortBy says otherwise); filter.from/to apply to the start time.',
  })
  taskRuns(@Args(() => TaskRunListArgs) args: TaskRunListArgs, @Ctx() context: RequestContext) {
    return list(context.services.readSource, TASK_RUNS, args);
  }

  @FieldResolver(() => WorkflowRun, { description: 'The run it is part of.' })
  workflowRun(@Root() task: TaskRun, @Ctx() context: RequestContext) {
    return context.loaders.one(WorkflowRun).load(task.workflowRunId);
  }

  @FieldResolver(() => Agent, { nullable: true, description: 'The agent it runs, if it runs one.' })
  agent(@Root() task: TaskRun, @Ctx() context: RequestContext) {
    return task.agentId === null ? null : context.loaders.one(Agent).load(task.agentId);
  }

  @FieldResolver(() => Tool, { nullable: true, description: 'The tool it runs, if it runs one.' })
  tool(@Root() task: TaskRun, @Ctx() context: RequestContext) {
    return task.toolId === null ? null : context.loaders.one(Tool).load(task.toolId);
  }
}
