import { defaultFieldResolver, GraphQLFieldResolver, GraphQLSchema, isObjectType } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AgentExecutionResolver, AgentResolver } from '../agents/agent.resolver';
import { ApprovalResolver } from '../approvals/approval.resolver';
import { ApiKeyResolver } from '../auth/api-key.resolver';
import { authorize } from '../auth/authorization';
import { RequestContext } from './context';
import { ServiceResolver, ServiceStateChangeResolver } from '../fleet/fleet.resolver';
import { IngestResolver } from '../ingest/ingest.resolver';
import { PlannerConversationResolver, PlanResolver } from '../planner/planner.resolver';
import { LoginSessionResolver } from '../sessions/login-session.resolver';
import { ActivityResolver } from '../activity/activity.resolver';
import { DurationDistributionResolver } from '../stats/distribution';
import { DagStatsResolver } from '../stats/pages/dag-stats';
import { AgentStatsResolver, ToolStatsResolver } from '../stats/pages/execution-pages';
import { OverviewResolver } from '../stats/pages/overview';
import { PlannerStatsResolver } from '../stats/pages/planner-stats';
import { UserStatsResolver } from '../stats/pages/user-stats';
import { StatsResolver } from '../stats/stats.resolver';
import { ToolExecutionResolver, ToolResolver } from '../tools/tool.resolver';
import { UserResolver } from '../users/user.resolver';
import { TaskRunResolver, WorkflowResolver, WorkflowRunResolver } from '../workflows/workflow.resolver';
import { coded } from './errors';

export const RESOLVERS = [
  IngestResolver,
  UserResolver,
  LoginSessionResolver,
  AgentResolver,
  AgentExecutionResolver,
  ToolResolver,
  ToolExecutionResolver,
  WorkflowResolver,
  WorkflowRunResolver,
  TaskRunResolver,
  ApprovalResolver,
  PlanResolver,
  PlannerConversationResolver,
  StatsResolver,
  ActivityResolver,
  OverviewResolver,
  UserStatsResolver,
  ToolStatsResolver,
  AgentStatsResolver,
  DagStatsResolver,
  PlannerStatsResolver,
  ApiKeyResolver,
  ServiceResolver,
  ServiceStateChangeResolver,
  DurationDistributionResolver,
] as const;

export async function createSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({ resolvers: RESOLVERS, validate: false });
  guardFields(schema);
  return schema;
}

type Resolver = GraphQLFieldResolver<unknown, RequestContext>;

/** Gives the error a resolver throws or rejects with its code (see `coded`); a value returned in time stays synchronous. */
function codingErrors(resolve: Resolver): Resolver {
  return (source, args, context, info) => {
    try {
      const result = resolve(source, args, context, info);
      return result instanceof Promise ? result.catch((error: unknown) => Promise.reject(coded(error))) : result;
    } catch (error) {
      throw coded(error);
    }
  };
}

/**
 * Every root field checks the caller's role, and every field codes its errors, by wrapping the
 * built schema's resolvers: a field added later is covered without being listed anywhere. (Not
 * type-graphql's global middlewares: they make every field of every result object asynchronous,
 * which costs a batch of 500 results thousands of promises.)
 */
function guardFields(schema: GraphQLSchema): void {
  const roots = new Set([schema.getQueryType(), schema.getMutationType()]);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = codingErrors((field.resolve ?? defaultFieldResolver) as Resolver);
      field.resolve = roots.has(type)
        ? (source, args, context: RequestContext, info) => {
            authorize(info, context);
            return resolve(source, args, context, info);
          }
        : resolve;
    }
  }
}
