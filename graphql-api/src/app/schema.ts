import {
  defaultFieldResolver,
  GraphQLFieldResolver,
  GraphQLSchema,
  isObjectType,
  lexicographicSortSchema,
  printSchema,
} from 'graphql';
import { buildSchema } from 'type-graphql';
import { AgentExecutionResolver, AgentResolver } from '../agents/agent.resolver';
import { ApprovalResolver } from '../approvals/approval.resolver';
import { ApiKeyResolver } from '../auth/api-key.resolver';
import { authorize, authorizeAnswerField } from '../auth/authorization';
import { ViewerResolver } from '../auth/viewer.resolver';
import { RequestContext } from './context';
import { InputError } from '../common/errors';
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
import { coded, timedOut, unavailable } from './errors';

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
  ViewerResolver,
  ServiceResolver,
  ServiceStateChangeResolver,
  DurationDistributionResolver,
] as const;

export async function createSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({ resolvers: RESOLVERS, validate: false });
  describeRoots(schema);
  guardFields(schema);
  return schema;
}

/**
 * The schema as SDL, types, fields, arguments and enum values sorted by name, so the committed
 * schema.graphql changes only where the schema does, not when a resolver moves.
 */
export function printSchemaSdl(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

/** type-graphql has no option for the root types' descriptions. */
function describeRoots(schema: GraphQLSchema): void {
  schema.getQueryType()!.description =
    'Reads: records by id or in Relay-paginated lists, and statistics from rollups. Times are UTC ISO 8601 date-times; ' +
    'durations are in milliseconds; costs are exact US dollars (Decimal). Needs a READ or ADMIN key.';
  schema.getMutationType()!.description =
    'Writes: events of the monitored platform (one per mutation, or many with ingest), each committed before the answer; ' +
    'and API key management (ADMIN). Events need an INGEST or ADMIN key.';
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
 * Refuses any list in the arguments longer than LIST_MAX_ITEMS, naming the argument and the
 * limit, before any work. A batch's events have their own limit (BATCH_MAX_EVENTS), checked by
 * the recorder with each event's answer.
 */
function checkListSizes(value: unknown, path: string, context: RequestContext): void {
  if (Array.isArray(value)) {
    const limit = context.services.config.limits.listMaxItems;
    if (path !== 'events' && value.length > limit)
      throw new InputError(path, `has ${value.length} items; at most ${limit} (LIST_MAX_ITEMS)`);
    value.forEach((item, index) => checkListSizes(item, `${path}[${index}]`, context));
  } else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const [key, inner] of Object.entries(value)) checkListSizes(inner, path ? `${path}.${key}` : key, context);
  }
}

// How long a request whose budget ran out waits to learn whether the database still answers.
const PING_TIMEOUT_MS = 1000;

/**
 * The root field's answer, or once the request's budget (REQUEST_TIMEOUT_MS) is spent:
 * UNAVAILABLE if the database no longer answers (e.g. the network drops its packets), TIMEOUT if
 * it does and a query asked too much. A mutation whose database still answers keeps waiting for
 * its write: answering TIMEOUT while the write may still commit would tell the sender an event
 * was refused that is then stored (its size is bounded by BATCH_MAX_EVENTS instead).
 */
function withinBudget(result: unknown, context: RequestContext, writes: boolean): unknown {
  if (!(result instanceof Promise)) return result;
  let timer: NodeJS.Timeout | undefined;
  const budget = new Promise((_resolve, reject) => {
    timer = setTimeout(
      () => {
        void context.services.database.answers(PING_TIMEOUT_MS).then((up) => {
          if (!up) reject(unavailable());
          else if (!writes) reject(timedOut('REQUEST_TIMEOUT_MS'));
        });
      },
      Math.max(0, context.deadline - Date.now())
    );
  });
  return Promise.race([result, budget]).finally(() => clearTimeout(timer));
}

/**
 * Every root field checks the caller's role, the size of its list arguments and its time
 * budget, every field of a mutation's answer what the role may read, and every field codes its
 * errors, by wrapping the built schema's resolvers: a field added later is covered without being
 * listed anywhere. (Not type-graphql's global middlewares: they make every field of every result
 * object asynchronous, which costs a batch of 500 results thousands of promises.)
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
            try {
              checkListSizes(args, '', context);
            } catch (error) {
              throw coded(error);
            }
            return withinBudget(resolve(source, args, context, info), context, info.operation.operation === 'mutation');
          }
        : (source, args, context: RequestContext, info) => {
            authorizeAnswerField(info, context);
            return resolve(source, args, context, info);
          };
    }
  }
}
