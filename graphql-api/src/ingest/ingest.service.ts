import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { AgentExecution } from '../agents/agent-execution.entity';
import { AgentExecutionEventInput } from '../agents/agent-execution.input';
import { recordAgentExecution } from '../agents/agent-execution.service';
import { Approval } from '../approvals/approval.entity';
import { ApprovalDecidedEventInput, ApprovalRequestedEventInput } from '../approvals/approval-events.input';
import { recordApprovalDecided, recordApprovalRequested } from '../approvals/approval.service';
import { InputError } from '../common/errors';
import { abilitiesOf, Dialect, dialectOf, isMysql } from '../db/dialect';
import { isUnavailable } from '../db/errors';
import { inTransaction, WriterOptions } from '../db/transaction';
import { Plan } from '../planner/plan.entity';
import { ConversationMessageEventInput, PlanEventInput } from '../planner/planner-events.input';
import { PlannerConversation } from '../planner/planner-conversation.entity';
import { PlannerMessage } from '../planner/planner-message.entity';
import { recordConversationMessage, recordPlan } from '../planner/planner.service';
import { LoginSession } from '../sessions/login-session.entity';
import { recordLogin, recordSessionEvent } from '../sessions/login-session.service';
import { LoginEventInput, SessionEventInput } from '../sessions/session-events.input';
import { minuteFloor } from '../rollups/buckets';
import { RollupDeltas, writeRollups } from '../rollups/rollup.writer';
import { ToolExecution } from '../tools/tool-execution.entity';
import { ToolExecutionEventInput } from '../tools/tool-execution.input';
import { recordToolExecution } from '../tools/tool-execution.service';
import { TaskRun } from '../workflows/task-run.entity';
import { TaskRunEventInput, WorkflowEventInput, WorkflowRunEventInput } from '../workflows/workflow-events.input';
import { Workflow } from '../workflows/workflow.entity';
import { WorkflowRun } from '../workflows/workflow-run.entity';
import { recordTaskRun, recordWorkflow, recordWorkflowRun } from '../workflows/workflow.service';
import { DimensionCache, DimensionKind, DIMENSIONS } from '../recording/dimensions';
import { EventInput, EventKind, EventResult, IngestResult } from './event.input';
import { IngestLimits, RecordChange, UnitOfWork } from '../recording/unit-of-work';

type Recorder = (work: UnitOfWork, event: never) => Promise<{ id: number }>;
/** The records an event will read, by natural key, so that a batch reads each table once. */
type Keys = (event: never) => [EntityTarget<ObjectLiteral>, string, string | null | undefined][];
/** The users, agents, tools and workflows an event names, read the same way. */
type Names = (event: never) => [DimensionKind, string | null | undefined][];

const sessionKeys: Keys = (e: SessionEventInput) => [[LoginSession, 'externalId', e.sessionId]];
const sessionNames: Names = (e: SessionEventInput) => [['user', e.userId]];

/** What each kind of event does to the store, and the records and names it reads. */
export const RECORDERS: Record<EventKind, { record: Recorder; keys: Keys; names: Names }> = {
  login: {
    record: recordLogin,
    keys: (e: LoginEventInput) => [[LoginSession, 'externalId', e.sessionId]],
    names: (e: LoginEventInput) => [['user', e.userId]],
  },
  sessionActivity: {
    record: (work, event) => recordSessionEvent(work, event, false),
    keys: sessionKeys,
    names: sessionNames,
  },
  sessionEnd: {
    record: (work, event) => recordSessionEvent(work, event, true),
    keys: sessionKeys,
    names: sessionNames,
  },
  agentExecution: {
    record: recordAgentExecution,
    keys: (e: AgentExecutionEventInput) => [[AgentExecution, 'requestId', e.requestId]],
    names: (e: AgentExecutionEventInput) => [
      ['agent', e.agent],
      ['user', e.userId],
    ],
  },
  toolExecution: {
    record: recordToolExecution,
    keys: (e: ToolExecutionEventInput) => [[ToolExecution, 'requestId', e.requestId]],
    names: (e: ToolExecutionEventInput) => [
      ['tool', e.tool],
      ['user', e.userId],
    ],
  },
  workflow: {
    record: recordWorkflow,
    keys: (e: WorkflowEventInput) => [[Workflow, 'key', e.key]],
    names: (e: WorkflowEventInput) => [
      ['workflow', e.key],
      ['user', e.ownerId],
    ],
  },
  workflowRun: {
    record: recordWorkflowRun,
    keys: (e: WorkflowRunEventInput) => [[WorkflowRun, 'runId', e.runId]],
    names: (e: WorkflowRunEventInput) => [
      ['workflow', e.workflowKey],
      ['user', e.triggeredBy],
    ],
  },
  taskRun: {
    record: recordTaskRun,
    keys: (e: TaskRunEventInput) => [
      [WorkflowRun, 'runId', e.runId],
      [TaskRun, 'externalId', e.taskRunId],
    ],
    names: (e: TaskRunEventInput) => [
      ['agent', e.agent],
      ['tool', e.tool],
    ],
  },
  approvalRequested: {
    record: recordApprovalRequested,
    keys: (e: ApprovalRequestedEventInput) => [
      [Approval, 'externalId', e.approvalId],
      [WorkflowRun, 'runId', e.runId],
      [TaskRun, 'externalId', e.taskRunId],
      [Plan, 'externalId', e.planId],
    ],
    names: () => [],
  },
  approvalDecided: {
    record: recordApprovalDecided,
    keys: (e: ApprovalDecidedEventInput) => [[Approval, 'externalId', e.approvalId]],
    names: (e: ApprovalDecidedEventInput) => [['user', e.decidedBy]],
  },
  plan: {
    record: recordPlan,
    keys: (e: PlanEventInput) => [
      [Plan, 'externalId', e.planId],
      [PlannerConversation, 'externalId', e.conversationId],
    ],
    names: (e: PlanEventInput) => [['user', e.userId]],
  },
  conversationMessage: {
    record: recordConversationMessage,
    keys: (e: ConversationMessageEventInput) => [
      [PlannerConversation, 'externalId', e.conversationId],
      [PlannerMessage, 'externalId', e.messageId],
    ],
    names: (e: ConversationMessageEventInput) => [['user', e.userId]],
  },
};
const KINDS = Object.keys(RECORDERS) as EventKind[];

// Up to this many events (whole requests) share a transaction.
const GROUP_MAX_EVENTS = 2000;
/**
 * Every record an event refers to is read under lock first (or inserted, or is a user, agent, tool
 * or workflow, which are never deleted), so the next group need neither wait for the gaps nor for
 * the foreign keys of the one before: it only meets it on the rows both change.
 */
const WRITER: WriterOptions = { readCommitted: true, referencesChecked: true };

export interface IngestOptions extends IngestLimits {
  batchMaxEvents: number;
  /** How many days of minute rollups are kept (older events write hour rollups and up). */
  minuteRollupDays: number;
  /** Called with a transaction's record changes once it has committed (metrics count them). */
  onCommitted?: (changes: readonly RecordChange[]) => Promise<void>;
}

/** How one event went: the record it wrote, or the client mistake that kept it out. */
type Outcome = { kind: EventKind | null; record: { id: number } | null; error: InputError | null };

/** One request's events, waiting for the writer. */
interface Job {
  events: EventInput[];
  resolve: (outcomes: Outcome[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Writes events; every accepted event is committed before a method returns.
 *
 * Requests are written by one writer per process, a group at a time: whatever arrived while the
 * previous transaction ran shares the next one. So concurrent requests never wait on each
 * other's record locks or deadlock, a commit (and its fsync) serves many of them, and the rollup
 * rows they share are written once. The next group starts when the current one has only its
 * rollups and commit left: it reads and writes its records meanwhile, and waits for the rows both
 * share. Both take rollup rows in the same order, so neither waits for the other in a circle.
 */
export class IngestService {
  private readonly dimensions = new DimensionCache();
  private readonly dialect: Dialect;
  private readonly queue: Job[] = [];
  private writing = false;
  /** Wakes the writer when a request arrives while it waits for a group to finish. */
  private arrived: (() => void) | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: IngestOptions
  ) {
    this.dialect = dialectOf(dataSource);
  }

  /** One event; an InputError (not located: its field is within the event) means nothing was written. */
  async record<T>(kind: EventKind, event: unknown): Promise<T> {
    const [outcome] = await this.submit([{ [kind]: event } as EventInput]);
    if (outcome.error) throw outcome.error;
    return outcome.record as T;
  }

  /**
   * Many events of any kind, written in order (a run before its tasks). Invalid events are
   * answered with their error and write nothing; the valid ones are all committed together.
   */
  async recordBatch(events: EventInput[]): Promise<IngestResult> {
    if (events.length > this.options.batchMaxEvents) {
      throw new InputError('events', `must hold at most ${this.options.batchMaxEvents} events, got ${events.length}`);
    }
    const outcomes = await this.submit(events);
    const results: EventResult[] = outcomes.map(({ kind, record, error }, index) => {
      if (!error) return { index, kind, accepted: true, id: record!.id, error: null };
      const located = error.under(kind ? `events[${index}].${kind}` : `events[${index}]`);
      return {
        index,
        kind,
        accepted: false,
        id: null,
        error: { code: located.code, field: located.field, message: error.message },
      };
    });
    const accepted = results.filter((result) => result.accepted).length;
    return { accepted, rejected: results.length - accepted, results };
  }

  private submit(events: EventInput[]): Promise<Outcome[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ events, resolve, reject });
      this.arrived?.();
      if (!this.writing) void this.drain();
    });
  }

  /** Writes groups until the queue is empty, at most two transactions at a time. */
  private async drain(): Promise<void> {
    this.writing = true;
    let previous: Promise<void> = Promise.resolve();
    while (this.queue.length > 0) {
      const group = [this.queue.shift()!];
      let events = group[0].events.length;
      while (this.queue.length > 0 && events + this.queue[0].events.length <= GROUP_MAX_EVENTS) {
        events += this.queue[0].events.length;
        group.push(this.queue.shift()!);
      }
      let recordsWritten!: () => void;
      const overlap = new Promise<void>((resolve) => (recordsWritten = resolve));
      const settled = this.writeGroup(group, recordsWritten).finally(recordsWritten);
      await Promise.all([overlap, previous]);
      previous = settled;
      if (this.queue.length === 0) {
        await Promise.race([settled, new Promise<void>((resolve) => (this.arrived = resolve))]);
        this.arrived = null;
      }
    }
    this.writing = false;
  }

  /**
   * Settles every job of the group. When the group fails for a reason one of its requests may have
   * caused, each is tried alone, so that fault stays its own; an unreachable database fails them all at once.
   */
  private async writeGroup(group: Job[], recordsWritten?: () => void): Promise<void> {
    try {
      const outcomes = await this.write(
        group.flatMap((job) => job.events),
        recordsWritten
      );
      let start = 0;
      for (const job of group) {
        job.resolve(outcomes.slice(start, (start += job.events.length)));
      }
    } catch (error) {
      if (group.length === 1 || isUnavailable(error)) {
        for (const job of group) job.reject(error);
        return;
      }
      for (const job of group) await this.writeGroup([job]);
    }
  }

  /** The events in one transaction; resolves once it has committed. */
  private async write(events: EventInput[], recordsWritten?: () => void): Promise<Outcome[]> {
    let work: UnitOfWork | undefined;
    const server = await abilitiesOf(this.dataSource);
    const outcomes = await inTransaction(
      this.dataSource,
      async (manager) => {
        work = new UnitOfWork(manager, this.dimensions, this.options, this.dialect, isMysql(this.dataSource), server);
        await this.prefetch(work, events);
        const recorded: Outcome[] = [];
        for (const event of events) recorded.push(await this.recordOne(work, event));
        await work.flush();
        await work.dimensions.flush();
        recordsWritten?.();
        const deltas = new RollupDeltas(minuteFloor(this.options.minuteRollupDays));
        for (const change of work.changes) deltas.addChange(change);
        await writeRollups(manager, this.dialect, deltas);
        return recorded;
      },
      WRITER
    );
    work!.dimensions.commit();
    await this.options.onCommitted?.(work!.changes);
    return outcomes;
  }

  /**
   * Reads every record and name the events mention, a query per table (the second read of a table,
   * workflows both named and defined, asks only for keys the first did not), tables in one order
   * (the lock order).
   */
  private async prefetch(work: UnitOfWork, events: EventInput[]): Promise<void> {
    const records = new Map<EntityTarget<ObjectLiteral>, { property: string; values: string[] }>();
    const names = new Map<DimensionKind, string[]>();
    for (const event of events) {
      for (const kind of KINDS) {
        const input = event[kind] as never;
        if (input === null || input === undefined) continue;
        for (const [entity, property, value] of RECORDERS[kind].keys(input)) {
          if (typeof value !== 'string' || value === '') continue;
          let keys = records.get(entity);
          if (!keys) records.set(entity, (keys = { property, values: [] }));
          keys.values.push(value);
        }
        for (const [dimension, value] of RECORDERS[kind].names(input)) {
          if (typeof value !== 'string' || value === '') continue;
          let values = names.get(dimension);
          if (!values) names.set(dimension, (values = []));
          values.push(value);
        }
      }
    }
    const reads = [
      ...[...names].map(([dimension, values]) => ({
        table: tableName(work, DIMENSIONS[dimension].entity),
        read: () => work.dimensions.prefetch(dimension, values),
      })),
      ...[...records].map(([entity, { property, values }]) => ({
        table: tableName(work, entity),
        read: () => work.prefetch(entity, property, values),
      })),
    ];
    reads.sort((a, b) => (a.table < b.table ? -1 : a.table > b.table ? 1 : 0));
    for (const { read } of reads) await read();
  }

  private async recordOne(work: UnitOfWork, event: EventInput): Promise<Outcome> {
    const kinds = KINDS.filter((kind) => event[kind] !== null && event[kind] !== undefined);
    try {
      if (kinds.length !== 1)
        throw new InputError('', `must set exactly one event kind (${KINDS.join(', ')}), got ${kinds.length}`);
      return { kind: kinds[0], record: await RECORDERS[kinds[0]].record(work, event[kinds[0]] as never), error: null };
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return { kind: kinds.length === 1 ? kinds[0] : null, record: null, error };
    }
  }
}

const tableName = (work: UnitOfWork, entity: EntityTarget<ObjectLiteral>) =>
  work.manager.connection.getMetadata(entity).tableName;
