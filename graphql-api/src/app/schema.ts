import { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AgentExecutionResolver, AgentResolver } from '../agents/agent.resolver';
import { ApprovalResolver } from '../approvals/approval.resolver';
import { IngestResolver } from '../ingest/ingest.resolver';
import { PlannerConversationResolver, PlanResolver } from '../planner/planner.resolver';
import { LoginSessionResolver } from '../sessions/login-session.resolver';
import { ToolExecutionResolver, ToolResolver } from '../tools/tool.resolver';
import { UserResolver } from '../users/user.resolver';
import { TaskRunResolver, WorkflowResolver, WorkflowRunResolver } from '../workflows/workflow.resolver';
import { databaseErrors } from './errors';

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
] as const;

export function createSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: RESOLVERS,
    globalMiddlewares: [databaseErrors],
    validate: false,
  });
}
