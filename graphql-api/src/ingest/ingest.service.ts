import { DataSource, EntityManager } from 'typeorm';
import { recordAgentExecution } from '../agents/agent-execution.service';
import { recordApprovalDecided, recordApprovalRequested } from '../approvals/approval.service';
import { InputError } from '../common/errors';
import { isMysql } from '../db/data-source';
import { Dialect, dialectOf } from '../db/dialect';
import { inTransaction } from '../db/transaction';
import { recordConversationMessage, recordPlan } from '../planner/planner.service';
import { recordLogin, recordSessionEvent } from '../sessions/login-session.service';
import { minuteFloor } from '../stats/buckets';
import { RollupDeltas, writeRollups } from '../stats/rollup.writer';
import { recordToolExecution } from '../tools/tool-execution.service';
import { recordTaskRun, recordWorkflow, recordWorkflowRun } from '../workflows/workflow.service';
import { DimensionCache } from './dimensions';
import { EventInput, EventKind, EventResult, IngestResult } from './event.input';
import { IngestLimits, RecordChange, UnitOfWork } from './unit-of-work';

type Recorder = (work: UnitOfWork, event: never) => Promise<{ id: number }>;

/** What each kind of event does to the store. */
export const RECORDERS: Record<EventKind, Recorder> = {
  login: recordLogin,
  sessionActivity: (work, event) => recordSessionEvent(work, event, false),
  sessionEnd: (work, event) => recordSessionEvent(work, event, true),
  agentExecution: recordAgentExecution,
  toolExecution: recordToolExecution,
  workflow: recordWorkflow,
  workflowRun: recordWorkflowRun,
  taskRun: recordTaskRun,
  approvalRequested: recordApprovalRequested,
  approvalDecided: recordApprovalDecided,
  plan: recordPlan,
  conversationMessage: recordConversationMessage,
};
const KINDS = Object.keys(RECORDERS) as EventKind[];

export interface IngestOptions extends IngestLimits {
  batchMaxEvents: number;
  /** How many days of minute rollups are kept (older events write hour rollups and up). */
  minuteRollupDays: number;
  /** Called with a transaction's record changes once it has committed (metrics count them). */
  onCommitted?: (changes: readonly RecordChange[]) => Promise<void>;
}

/** Writes events; every accepted event is committed before a method returns. */
export class IngestService {
  private readonly dimensions = new DimensionCache();
  private readonly dialect: Dialect;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: IngestOptions,
  ) {
    this.dialect = dialectOf(dataSource);
  }

  /** Opens a unit of work on a transaction; `finish` adds its changes to the rollups before commit. */
  private begin(manager: EntityManager): UnitOfWork {
    return new UnitOfWork(manager, this.dimensions.scope(manager), this.options, isMysql(this.dataSource));
  }

  private async finish(work: UnitOfWork): Promise<void> {
    const deltas = new RollupDeltas(minuteFloor(this.options.minuteRollupDays));
    for (const change of work.changes) deltas.addChange(change);
    await writeRollups(work.manager, this.dialect, deltas);
  }

  /** One event in its own transaction; an InputError means nothing was written. */
  async record<T>(recorder: (work: UnitOfWork) => Promise<T>): Promise<T> {
    let work: UnitOfWork | undefined;
    const result = await inTransaction(this.dataSource, async (manager) => {
      work = this.begin(manager);
      const recorded = await recorder(work);
      await this.finish(work);
      return recorded;
    });
    work!.dimensions.commit();
    await this.options.onCommitted?.(work!.changes);
    return result;
  }

  /**
   * Many events of any kind in one transaction, in order (a run before its tasks). Invalid events
   * are answered with their error and write nothing; the valid ones are all committed together.
   */
  async recordBatch(events: EventInput[]): Promise<IngestResult> {
    if (events.length > this.options.batchMaxEvents) {
      throw new InputError('events', `must hold at most ${this.options.batchMaxEvents} events, got ${events.length}`);
    }
    let work: UnitOfWork | undefined;
    const results = await inTransaction(this.dataSource, async (manager) => {
      work = this.begin(manager);
      const answered: EventResult[] = [];
      for (const [index, event] of events.entries()) {
        answered.push(await this.recordOne(work, event, index));
      }
      await this.finish(work);
      return answered;
    });
    work!.dimensions.commit();
    await this.options.onCommitted?.(work!.changes);
    const accepted = results.filter((result) => result.accepted).length;
    return { accepted, rejected: results.length - accepted, results };
  }

  private async recordOne(work: UnitOfWork, event: EventInput, index: number): Promise<EventResult> {
    const path = `events[${index}]`;
    const kinds = KINDS.filter((kind) => event[kind] !== null && event[kind] !== undefined);
    try {
      if (kinds.length !== 1) throw new InputError('', `must set exactly one event kind (${KINDS.join(', ')}), got ${kinds.length}`);
      const record = await RECORDERS[kinds[0]](work, event[kinds[0]] as never);
      return { index, kind: kinds[0], accepted: true, id: record.id, error: null };
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const located = error.under(kinds.length === 1 ? `${path}.${kinds[0]}` : path);
      return { index, kind: kinds.length === 1 ? kinds[0] : null, accepted: false, id: null, error: { code: located.code, field: located.field, message: error.message } };
    }
  }
}
