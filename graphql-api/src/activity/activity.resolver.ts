import { Arg, Ctx, Field, ID, Int, ObjectType, Query, registerEnumType, Resolver } from 'type-graphql';
import { DataSource } from 'typeorm';
import { Edge, PageInfo } from '../common/connection';
import type { RequestContext } from '../app/context';
import { InputError } from '../common/errors';
import { dialectOf, readTimestamp } from '../db/dialect';
import { selectLimit } from '../stats/page-args';
import { TimeRangeInput } from '../stats/stats.types';

export enum ActivityKind {
  LOGIN = 'login',
  AGENT_EXECUTION = 'agent_execution',
  TOOL_EXECUTION = 'tool_execution',
  WORKFLOW_RUN = 'workflow_run',
  APPROVAL = 'approval',
  PLAN = 'plan',
}
registerEnumType(ActivityKind, {
  name: 'ActivityKind',
  description: 'What an activity item is, and which of its times places it in the feed.',
  valuesConfig: {
    LOGIN: { description: 'A user logged in; at: the login time.' },
    AGENT_EXECUTION: { description: 'An agent execution; at: its start; title: the agent name.' },
    TOOL_EXECUTION: { description: 'A tool call; at: its start; title: the tool name.' },
    WORKFLOW_RUN: {
      description:
        'A workflow run; at: when it was queued or started; title: the workflow name; user: who triggered it.',
    },
    APPROVAL: { description: 'An approval; at: when it was requested; title: its subject type; user: who decided it.' },
    PLAN: { description: 'A plan of the planner; at: its creation; title: the plan title.' },
  },
});

@ObjectType({ description: 'One thing that happened, for the activity feed.' })
export class ActivityItem {
  @Field(() => ID, { description: 'The record id within its kind.' })
  id: number;

  @Field(() => ActivityKind, { description: 'Which kind of record it is; with id, it names the record.' })
  kind: ActivityKind;

  @Field({ description: 'When it happened (UTC); which time of the record depends on its kind.' })
  at: Date;

  @Field({
    description: 'A short label: the agent, tool or workflow name, the plan title, "Login", or the approval subject.',
  })
  title: string;

  @Field(() => String, { nullable: true, description: 'Its state (enum name), if it has one.' })
  status: string | null;

  @Field(() => String, { nullable: true, description: "The platform's id of the user involved." })
  user: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The display name of that user, from the latest login event that sent one; null when the item names no user or the user has no name.',
  })
  userName: string | null;
}

const ActivityItemEdge = Edge(ActivityItem);

@ObjectType({
  description:
    'A page of the activity feed (Relay cursor connection), newest first; it has no totalCount, as counting every table would cost more than the page.',
})
export class ActivityConnection {
  @Field(() => [ActivityItemEdge], { description: 'The items of this page with their cursors.' })
  edges: InstanceType<typeof ActivityItemEdge>[];

  @Field(() => [ActivityItem], { description: 'The same items as edges, without cursors.' })
  nodes: ActivityItem[];

  @Field(() => PageInfo, { description: 'Whether more items follow, and the cursors of this page.' })
  pageInfo: PageInfo;
}

// Each kind: the newest rows of one table through its time index. `title` and `status` are SQL.
// Every source joins the user as `u`, whose id and name each item carries.
const SOURCES: Record<ActivityKind, { from: string; time: string; title: string; status: string }> = {
  [ActivityKind.LOGIN]: {
    from: 'login_sessions r LEFT JOIN users u ON u.id = r.user_id',
    time: 'r.started_at',
    title: "'Login'",
    status: 'NULL',
  },
  [ActivityKind.AGENT_EXECUTION]: {
    from: 'agent_executions r JOIN agents d ON d.id = r.agent_id LEFT JOIN users u ON u.id = r.user_id',
    time: 'r.started_at',
    title: 'd.name',
    status: 'r.status',
  },
  [ActivityKind.TOOL_EXECUTION]: {
    from: 'tool_executions r JOIN tools d ON d.id = r.tool_id LEFT JOIN users u ON u.id = r.user_id',
    time: 'r.started_at',
    title: 'd.name',
    status: 'r.status',
  },
  [ActivityKind.WORKFLOW_RUN]: {
    from: 'workflow_runs r JOIN workflows d ON d.id = r.workflow_id LEFT JOIN users u ON u.id = r.triggered_by_id',
    time: 'r.started_at',
    title: 'd.name',
    status: 'r.status',
  },
  [ActivityKind.APPROVAL]: {
    from: 'approvals r LEFT JOIN users u ON u.id = r.decided_by_id',
    time: 'r.requested_at',
    title: 'r.subject_type',
    status: 'r.decision',
  },
  [ActivityKind.PLAN]: {
    from: 'plans r LEFT JOIN users u ON u.id = r.user_id',
    time: 'r.created_at',
    title: "COALESCE(r.title, 'Plan')",
    status: 'r.status',
  },
};
const ORDER = Object.values(ActivityKind);

interface Cursor {
  at: Date;
  kind: number;
  id: number;
}

function encode(item: ActivityItem): string {
  return Buffer.from(JSON.stringify([item.at.toISOString(), ORDER.indexOf(item.kind), item.id])).toString('base64url');
}

function decode(cursor: string): Cursor {
  try {
    const [at, kind, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, number, number];
    const date = new Date(at);
    if (Number.isNaN(date.getTime()) || !Number.isInteger(kind) || !Number.isInteger(id)) throw new Error('bad cursor');
    return { at: date, kind, id };
  } catch {
    throw new InputError('after', 'is not a cursor this API gave out');
  }
}

/**
 * The newest items across kinds, newest first (ties: kind, then id). Each kind reads at most one
 * page of rows through its time index, then the pages are merged.
 */
async function feed(
  dataSource: DataSource,
  kinds: ActivityKind[],
  first: number,
  after: Cursor | null,
  range: { from?: Date | null; to?: Date | null }
) {
  const dialect = dialectOf(dataSource);
  const pages = await Promise.all(
    kinds.map(async (kind) => {
      const source = SOURCES[kind];
      const order = ORDER.indexOf(kind);
      const parameters: unknown[] = [];
      const clauses: string[] = [];
      if (after) {
        // Items after the cursor in the feed's order: time descending, then kind ascending, then id descending.
        clauses.push(
          order > after.kind
            ? `${source.time} <= ?`
            : order < after.kind
              ? `${source.time} < ?`
              : `(${source.time} < ? OR (${source.time} = ? AND r.id < ?))`
        );
        parameters.push(dialect.timestamp(after.at));
        if (order === after.kind) parameters.push(dialect.timestamp(after.at), after.id);
      }
      for (const [bound, time] of [
        ['>=', range.from],
        ['<', range.to],
      ] as const) {
        if (!time) continue;
        clauses.push(`${source.time} ${bound} ?`);
        parameters.push(dialect.timestamp(time));
      }
      const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
      const rows: {
        id: number;
        at: Date | string;
        title: string;
        status: string | null;
        user: string | null;
        user_name: string | null;
      }[] = await dataSource.query(
        `SELECT r.id AS id, ${source.time} AS at, ${source.title} AS title, ${source.status} AS status, u.external_id AS user, u.name AS user_name ` +
          `FROM ${source.from} ${where} ORDER BY ${source.time} DESC, r.id DESC LIMIT ${first + 1}`,
        parameters
      );
      return rows.map((row) => ({
        id: Number(row.id),
        kind,
        at: readTimestamp(row.at),
        title: String(row.title),
        status: row.status ? row.status.toUpperCase() : null,
        user: row.user,
        userName: row.user_name,
      }));
    })
  );
  return pages
    .flat()
    .sort((a, b) => b.at.getTime() - a.at.getTime() || ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) || b.id - a.id)
    .slice(0, first + 1);
}

@Resolver()
export class ActivityResolver {
  @Query(() => ActivityConnection, {
    description:
      'Activity across all kinds, newest first (ties: kind, then id), with cursor pagination; within `range` when given. ' +
      'Reads the stored records, so it covers what retention (RETENTION_DAYS) keeps.',
  })
  async activity(
    @Ctx() context: RequestContext,
    @Arg('first', () => Int, { defaultValue: 50, description: 'Page size: 1 to 1000 items.' }) first: number,
    @Arg('after', () => String, {
      nullable: true,
      description: 'The endCursor of the previous page; the newest items when left out.',
    })
    after: string | null,
    @Arg('kinds', () => [ActivityKind], {
      nullable: true,
      description: 'Only these kinds; all kinds when left out or empty.',
    })
    kinds: ActivityKind[] | null,
    @Arg('range', () => TimeRangeInput, {
      nullable: true,
      description: 'Only items from `from` (inclusive) to `to` (exclusive, default now). Default: all time.',
    })
    range: TimeRangeInput | null
  ): Promise<ActivityConnection> {
    const size = selectLimit(first, 'first');
    if (range?.to && range.from.getTime() >= range.to.getTime())
      throw new InputError('range.to', 'must be after range.from');
    const items = await feed(
      context.services.readSource,
      kinds?.length ? kinds : ORDER,
      size,
      after ? decode(after) : null,
      { from: range?.from, to: range?.to }
    );
    const nodes = items.slice(0, size);
    return {
      edges: nodes.map((node) => ({ cursor: encode(node), node })),
      nodes,
      pageInfo: {
        hasNextPage: items.length > size,
        hasPreviousPage: Boolean(after),
        startCursor: nodes[0] ? encode(nodes[0]) : null,
        endCursor: nodes.at(-1) ? encode(nodes.at(-1)!) : null,
      },
    };
  }
}
