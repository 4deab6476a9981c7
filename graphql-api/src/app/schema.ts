import { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AgentExecutionResolver, AgentResolver } from '../agents/agent.resolver';
import { IngestResolver } from '../ingest/ingest.resolver';
import { databaseErrors } from './errors';

export const RESOLVERS = [IngestResolver, AgentExecutionResolver, AgentResolver] as const;

export function createSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: RESOLVERS,
    globalMiddlewares: [databaseErrors],
    validate: false,
  });
}
