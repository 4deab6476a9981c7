import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { AgentExecution } from '../agents/agent-execution.entity';
import { AgentExecutionEventInput } from '../agents/agent-execution.input';
import { recordAgentExecution } from '../agents/agent-execution.service';
import { Approval } from '../approvals/approval.entity';
import { ApprovalDecidedEventInput, ApprovalRequestedEventInput } from '../approvals/approval-events.input';
import { recordApprovalDecided, recordApprovalRequested } from '../approvals/approval.service';
import { InputError } from '../common/errors';
import { isMysql } from '../db/data-source';
import { Dialect, dialectOf } from '../db/dialect';
import { isUnavailable } from '../db/errors';
import { inTransaction } from '../db/transaction';
import { Plan } from '../planner/plan.entity';
import { ConversationMessageEventInput, PlanEventInput } from '../planner/planner-events.input';
import { PlannerConversation } from '../planner/planner-conversation.entity';
import { PlannerMessage } from '../planner/planner-message.entity';
import { recordConversationMessage, recordPlan } from '../planner/planner.service';
import { LoginSession } from '../sessions/login-session.entity';
import { recordLogin, recordSessionEvent } from '../sessions/login-session.service';
import { LoginEventInput, SessionEventInput } from '../sessions/session-events.input';
import { minuteFloor } from '../stats/buckets';
import { RollupDeltas, writeRollups } from '../stats/rollup.writer';
import { ToolExecution } from '../tools/tool-execution.entity';
import { ToolExecutionEventInput } from '../tools/tool-execution.input';
import { recordToolExecution } from '../tools/tool-execution.service';
import { TaskRun } from '../workflows/task-run.entity';
import { TaskRunEventInput, WorkflowRunEventInput } from '../workflows/workflow-events.input';
import { WorkflowRun } from '../workflows/workflow-run.entity';
import { recordTaskRun, recordWorkflow, recordWorkflowRun } from '../workflows/workflow.service';
import { DimensionCache } from './dimensions';
import { EventInput, EventKind, EventResult, IngestResult } from './event.input';
import { IngestLimits, RecordChange, UnitOfWork } from './unit-of-work';

type Recorder = (work: UnitOfWork, event: never) => Promise<{ id: number }>;
/** The records an event will read, by natural key, so that a batch reads each table once. */
type Keys = (event: never) => [EntityTarget<ObjectLiteral>, string, string | null | undefined][];

const sessionKeys: Keys = (e: SessionEventInput) => [[LoginSession, 'externalId', e.sessionId]];

/** What each kind of event does to the store, and the records it reads. */
export const RECORDERS: Record<EventKind, { record: Recorder; keys: Keys }> = {
  login: { record: recordLogin, keys: (e: LoginEventInput) => [[LoginSession, 'externalId', e.sessionId]] },
  sessionActivity: { record: (work, event) => recordSessionEvent(work, event, false), keys: sessionKeys },
  sessionEnd: { record: (work, event) => recordSessionEvent(work, event, true), keys: sessionKeys },
  agentExecution: { record: recordAgentExecution, keys: (e: AgentExecutionEventInput) => [[AgentExecution, 'requestId', e.requestId]] },
  toolExecution: { record: recordToolExecution, keys: (e: ToolExecutionEventInput) => [[ToolExecution, 'requestId', e.requestId]] },
  workflow: { record: recordWorkflow, keys: () => [] },
  workflowRun: { record: recordWorkflowRun, keys: (e: WorkflowRunEventInput) => [[WorkflowRun, 'runId', e.runId]] },
  taskRun: {
    record: recordTaskRun,
    keys: (e: TaskRunEventInput) => [[WorkflowRun, 'runId', e.runId], [TaskRun, 'externalId', e.taskRunId]],
  },
  approvalRequested: {
    record: recordApprovalRequested,
    keys: (e: ApprovalRequestedEventInput) => [
      [Approval, 'externalId', e.approvalId],
      [WorkflowRun, 'runId', e.runId],
      [TaskRun, 'externalId', e.taskRunId],
      [Plan, 'externalId', e.planId],
    ],
  },
  approvalDecided: { record: recordApprovalDecided, keys: (e: ApprovalDecidedEventInput) => [[Approval, 'externalId', e.approvalId]] },
  plan: {
    record: recordPlan,
    keys: (e: PlanEventInput) => [[Plan, 'externalId', e.planId], [PlannerConversation, 'externalId', e.conversationId]],
  },
  conversationMessage: {
    record: recordConversationMessage,
    keys: (e: ConversationMessageEventInput) => [[PlannerConversation, 'externalId', e.conversationId], [PlannerMessage, 'externalId', e.messageId]],
  },
};
const KINDS = Object.keys(RECORDERS) as EventKind[];

// Up to this many events (whole requests) share a transaction.
const GROUP_MAX_EVENTS = 2000;

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
 * other's row locks or deadlock, a commit (and its fsync) serves many of them, and the rollup
 * rows they share are written once.
 */
export class IngestService {
  private readonly dimensions = new DimensionCache();
  private readonly dialect: Dialect;
  private readonly queue: Job[] = [];
  private writing = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: IngestOptions,
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
      return { index, kind, accepted: false, id: null, error: { code: located.code, field: located.field, message: error.message } };
    });
    const accepted = results.filter((result) => result.accepted).length;
    return { accepted, rejected: results.length - accepted, results };
  }

  private submit(events: EventInput[]): Promise<Outcome[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ events, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.queue.length > 0) {
      const group = [this.queue.shift()!];
      let events = group[0].events.length;
      while (this.queue.length > 0 && events + this.queue[0].events.length <= GROUP_MAX_EVENTS) {
        events += this.queue[0].events.length;
        group.push(this.queue.shift()!);
      }
      await this.writeGroup(group);
    }
    this.writing = false;
  }

  /**
   * Settles every job of the group. When the group fails for a reason one of its requests may have
   * caused, each is tried alone, so that fault stays its own; an unreachable database fails them all at once.
   */
  private async writeGroup(group: Job[]): Promise<void> {
    try {
      const outcomes = await this.write(group.flatMap((job) => job.events));
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
  private async write(events: EventInput[]): Promise<Outcome[]> {
    let work: UnitOfWork | undefined;
    const outcomes = await inTransaction(this.dataSource, async (manager) => {
      work = new UnitOfWork(manager, this.dimensions.scope(manager), this.options, this.dialect, isMysql(this.dataSource));
      await this.prefetch(work, events);
      const recorded: Outcome[] = [];
      for (const event of events) recorded.push(await this.recordOne(work, event));
      await work.flush();
      await work.dimensions.flush();
      const deltas = new RollupDeltas(minuteFloor(this.options.minuteRollupDays));
      for (const change of work.changes) deltas.addChange(change);
      await writeRollups(manager, this.dialect, deltas);
      return recorded;
    });
    work!.dimensions.commit();
    await this.options.onCommitted?.(work!.changes);
    return outcomes;
  }

  /** Reads every record the events name, a query per table, tables in one order (the lock order). */
  private async prefetch(work: UnitOfWork, events: EventInput[]): Promise<void> {
    const wanted = new Map<EntityTarget<ObjectLiteral>, { property: string; values: string[] }>();
    for (const event of events) {
      for (const kind of KINDS) {
        if (event[kind] === null || event[kind] === undefined) continue;
        for (const [entity, property, value] of RECORDERS[kind].keys(event[kind] as never)) {
          if (typeof value !== 'string' || value === '') continue;
          let keys = wanted.get(entity);
          if (!keys) wanted.set(entity, (keys = { property, values: [] }));
          keys.values.push(value);
        }
      }
    }
    const tables = [...wanted.entries()].sort(([a], [b]) => (tableName(work, a) < tableName(work, b) ? -1 : 1));
    for (const [entity, { property, values }] of tables) await work.prefetch(entity, property, values);
  }

  private async recordOne(work: UnitOfWork, event: EventInput): Promise<Outcome> {
    const kinds = KINDS.filter((kind) => event[kind] !== null && event[kind] !== undefined);
    try {
      if (kinds.length !== 1) throw new InputError('', `must set exactly one event kind (${KINDS.join(', ')}), got ${kinds.length}`);
      return { kind: kinds[0], record: await RECORDERS[kinds[0]].record(work, event[kinds[0]] as never), error: null };
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return { kind: kinds.length === 1 ? kinds[0] : null, record: null, error };
    }
  }
}

const tableName = (work: UnitOfWork, entity: EntityTarget<ObjectLiteral>) => work.manager.connection.getMetadata(entity).tableName;
