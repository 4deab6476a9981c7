import { Logger } from 'pino';
import { AgentExecution } from '../agents/agent-execution.entity';
import { Approval } from '../approvals/approval.entity';
import { ApprovalDecision, TERMINAL_EXECUTION, TERMINAL_RUN } from '../common/status';
import { RecordChange } from '../recording/unit-of-work';
import { Plan } from '../planner/plan.entity';
import { LoginSession } from '../sessions/login-session.entity';
import { ToolExecution } from '../tools/tool-execution.entity';
import { WorkflowRun } from '../workflows/workflow-run.entity';
import { DimensionLabels, LabelledDimension } from './dimension-labels';
import { LabelCap } from './label-cap';
import { Metrics } from './prometheus';

/** Distinct values each label keeps before the rest count as "other". */
export const LABEL_LIMITS = { named: 100, model: 50, provider: 20 };

/** True when a record's status is final now and was not before (a replay or a late event is not). */
function reachedFinal(finals: readonly string[], before: string | undefined, after: string): boolean {
  return finals.includes(after) && !(before !== undefined && finals.includes(before));
}

/** Where each kind of record names an agent, tool or workflow by id. */
const LABELLED_IDS: Record<string, [LabelledDimension, string]> = {
  [AgentExecution.name]: ['agent', 'agentId'],
  [ToolExecution.name]: ['tool', 'toolId'],
  [WorkflowRun.name]: ['workflow', 'workflowId'],
};

/**
 * Counts ingested events from the record changes of a committed transaction: only what changed is
 * seen, so a replayed event counts nothing, and a record counts once when it first reaches a final
 * state. Token and cost counters grow by what a change adds (they never go down).
 */
export class IngestCounters {
  private readonly models = new LabelCap(LABEL_LIMITS.model);
  private readonly providers = new LabelCap(LABEL_LIMITS.provider);

  constructor(
    private readonly metrics: Metrics,
    private readonly names: DimensionLabels,
    private readonly logger: Logger
  ) {}

  async count(changes: readonly RecordChange[]): Promise<void> {
    try {
      await this.loadNames(changes);
    } catch (error) {
      // The events are committed; count them under "unknown" rather than fail the request.
      this.logger.warn({ err: error }, 'metrics: could not read agent, tool or workflow names');
    }
    for (const { entity, before, after } of changes) {
      if (entity === AgentExecution.name) this.agentExecution(before as AgentExecution | null, after as AgentExecution);
      else if (entity === ToolExecution.name)
        this.toolExecution(before as ToolExecution | null, after as ToolExecution);
      else if (entity === WorkflowRun.name) this.workflowRun(before as WorkflowRun | null, after as WorkflowRun);
      else if (entity === LoginSession.name && !before) this.metrics.logins.inc();
      else if (entity === Plan.name) this.plan(before as Plan | null, after as Plan);
      else if (entity === Approval.name) this.approval(before as Approval | null, after as Approval);
    }
  }

  private async loadNames(changes: readonly RecordChange[]): Promise<void> {
    const ids = new Map<LabelledDimension, Set<number>>();
    for (const { entity, after } of changes) {
      const labelled = LABELLED_IDS[entity];
      if (!labelled) continue;
      if (!ids.has(labelled[0])) ids.set(labelled[0], new Set());
      ids.get(labelled[0])!.add(after[labelled[1]]);
    }
    for (const [kind, set] of ids) await this.names.load(kind, set);
  }

  private agentExecution(before: AgentExecution | null, after: AgentExecution): void {
    const agent = this.names.label('agent', after.agentId);
    const model = this.models.value(after.requestModel);
    const provider = this.providers.value(after.provider);
    if (reachedFinal(TERMINAL_EXECUTION, before?.status, after.status)) {
      this.metrics.agentExecutions.inc({ agent, status: after.status, model, provider });
      if (after.durationMs !== null)
        this.metrics.agentExecutionSeconds.observe({ agent, status: after.status }, after.durationMs / 1000);
    }
    const input = after.inputTokens - (before?.inputTokens ?? 0);
    const output = after.outputTokens - (before?.outputTokens ?? 0);
    const costNanos = (after.costNanos ?? 0n) - (before?.costNanos ?? 0n);
    if (input > 0) this.metrics.agentTokens.inc({ agent, model, provider, type: 'input' }, input);
    if (output > 0) this.metrics.agentTokens.inc({ agent, model, provider, type: 'output' }, output);
    if (costNanos > 0n) this.metrics.agentCostUsd.inc({ agent, model, provider }, Number(costNanos) / 1e9);
  }

  private toolExecution(before: ToolExecution | null, after: ToolExecution): void {
    if (!reachedFinal(TERMINAL_EXECUTION, before?.status, after.status)) return;
    const labels = { tool: this.names.label('tool', after.toolId), status: after.status };
    this.metrics.toolExecutions.inc(labels);
    if (after.durationMs !== null) this.metrics.toolExecutionSeconds.observe(labels, after.durationMs / 1000);
  }

  private workflowRun(before: WorkflowRun | null, after: WorkflowRun): void {
    if (!reachedFinal(TERMINAL_RUN, before?.status, after.status)) return;
    const labels = { workflow: this.names.label('workflow', after.workflowId), status: after.status };
    this.metrics.workflowRuns.inc(labels);
    if (after.durationMs !== null) this.metrics.workflowRunSeconds.observe(labels, after.durationMs / 1000);
  }

  private plan(before: Plan | null, after: Plan): void {
    if (before?.status !== after.status) this.metrics.plans.inc({ status: after.status });
  }

  private approval(before: Approval | null, after: Approval): void {
    const decided = (approval: Approval | null) => approval !== null && approval.decision !== ApprovalDecision.PENDING;
    if (decided(after) && !decided(before)) this.metrics.approvals.inc({ decision: after.decision });
  }
}
