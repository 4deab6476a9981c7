import { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AgentExecutionResolver, AgentResolver } from '../agents/agent.resolver';
import { ApprovalResolver } from '../approvals/approval.resolver';
import { ApiKeyResolver } from '../auth/api-key.resolver';
import { authorization } from '../auth/authorization';
import { IngestResolver } from '../ingest/ingest.resolver';
import { PlannerConversationResolver, PlanResolver } from '../planner/planner.resolver';
import { LoginSessionResolver } from '../sessions/login-session.resolver';
import { ActivityResolver } from '../stats/activity.resolver';
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
] as const;

export function createSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: RESOLVERS,
    globalMiddlewares: [authorization, coded],
    validate: false,
  });
}
