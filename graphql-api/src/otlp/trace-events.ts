import { AgentExecutionEventInput } from '../agents/agent-execution.input';
import { ExecutionStatus, RunStatus } from '../common/status';
import { EventInput } from '../ingest/event.input';
import { ToolExecutionEventInput } from '../tools/tool-execution.input';
import { TaskRunEventInput, WorkflowEventInput, WorkflowRunEventInput } from '../workflows/workflow-events.input';
import {
  agentNameOf,
  errorTypeOf,
  invokedAgentOf,
  modelUsageOf,
  roleOf,
  sessionIdOf,
  SpanRole,
  text,
  toolNameOf,
  userIdOf,
  workflowNameOf,
} from './gen-ai-semantics';
import { ModelPrices } from './model-prices';
import { ReceivedSpan } from './otlp-request';

/** The id a record made from a span is kept under: its trace and span, so a replay updates it. */
export const recordIdOf = (span: ReceivedSpan) => `${span.traceId}-${span.spanId}`;

/** An event and the span it came from. */
export interface SpanEvent {
  spanId: string;
  event: EventInput;
}

interface Node {
  span: ReceivedSpan;
  role: SpanRole;
  parent: Node | null;
  children: Node[];
}

const ERROR = 2;
const failed = (span: ReceivedSpan) => span.statusCode === ERROR || text(span.attributes, ['error.type']) !== null;
const at = (ms: number) => new Date(ms);

/**
 * The events one trace's spans stand for, as far as the spans received so far tell: each model call
 * an agent execution of the agent of its nearest agent span (else its own agent name, else the
 * service), each tool span a tool execution, each workflow span a workflow run whose agent and tool
 * steps are its task runs and whose graph is the steps' order. Computed again whenever a span of the
 * trace arrives, so a child that came first is attributed once its parent is here; as every record
 * is keyed by its trace and span, doing so updates the records rather than adding any.
 */
export function traceEvents(spans: Iterable<ReceivedSpan>, prices: ModelPrices): SpanEvent[] {
  const nodes = new Map<string, Node>();
  for (const span of spans) nodes.set(span.spanId, { span, role: roleOf(span), parent: null, children: [] });
  for (const node of nodes.values()) {
    const parent = node.span.parentSpanId ? nodes.get(node.span.parentSpanId) : undefined;
    if (parent) {
      node.parent = parent;
      parent.children.push(node);
    }
  }
  const workflows: SpanEvent[] = [];
  const tasks: SpanEvent[] = [];
  const executions: SpanEvent[] = [];
  const taskOf = new Map<Node, { runId: string; taskRunId: string }>();
  // Runs in the order they started: where two runs of one trace share a workflow, the graph kept
  // (written last) is the later run's, in whatever order and pieces the spans arrived.
  const runs = [...nodes.values()].filter((node) => node.role === 'workflow').sort(byStart);
  for (const node of runs) {
    const { definition, run, steps } = workflowEvents(node);
    // A run with no step spans says nothing of the graph; its empty one would stand for a run's
    // placeholder (workflow.service.ts), which any definition replaces, older or not.
    if (definition.nodes.length > 0) workflows.push({ spanId: node.span.spanId, event: { workflow: definition } });
    workflows.push({ spanId: node.span.spanId, event: { workflowRun: run } });
    for (const step of steps) {
      const taskRunId = recordIdOf(step.node.span);
      taskOf.set(step.node, { runId: run.runId, taskRunId });
      tasks.push({ spanId: step.node.span.spanId, event: { taskRun: taskRunEvent(step.node, step.key, run.runId) } });
    }
  }
  for (const node of nodes.values()) {
    if (node.role === 'model')
      executions.push({ spanId: node.span.spanId, event: { agentExecution: modelCallEvent(node, taskOf, prices) } });
    if (node.role === 'tool')
      executions.push({ spanId: node.span.spanId, event: { toolExecution: toolCallEvent(node, nodes) } });
  }
  // A run before its tasks, as recordTaskRun needs.
  return [...workflows, ...tasks, ...executions];
}

function* ancestors(node: Node): Generator<Node> {
  for (let up = node.parent; up; up = up.parent) yield up;
}

/** A value from the span, else its nearest ancestor that has one, else the resource. */
function inherited(node: Node, read: (attributes: ReceivedSpan['attributes']) => string | null): string | null {
  for (const candidate of [node, ...ancestors(node)]) {
    const value = read(candidate.span.attributes);
    if (value) return value;
  }
  return read(node.span.resource);
}

function agentOf(node: Node): string {
  for (const up of ancestors(node)) {
    if (up.role === 'agent') {
      const name = invokedAgentOf(up.span);
      if (name) return name;
    }
  }
  return agentNameOf(node.span) ?? text(node.span.resource, ['service.name']) ?? 'unknown_service';
}

function outcome(span: ReceivedSpan): { failed: boolean; errorType: string | null; errorMessage: string | null } {
  if (!failed(span)) return { failed: false, errorType: null, errorMessage: null };
  return {
    failed: true,
    errorType: errorTypeOf(span) ?? 'error',
    errorMessage: span.statusMessage ?? span.exception?.message ?? null,
  };
}

/** What an agent or tool execution takes from its span alone, and from its ancestors (user, session). */
function executionFields(node: Node) {
  const { span } = node;
  const { failed: isFailure, errorType, errorMessage } = outcome(span);
  return {
    requestId: recordIdOf(span),
    status: isFailure ? ExecutionStatus.FAILURE : ExecutionStatus.SUCCESS,
    startedAt: at(span.startMs),
    finishedAt: at(span.endMs),
    userId: inherited(node, userIdOf),
    sessionId: inherited(node, sessionIdOf),
    errorType,
    errorMessage,
    traceId: span.traceId,
    spanId: span.spanId,
  };
}

function modelCallEvent(
  node: Node,
  taskOf: Map<Node, { runId: string; taskRunId: string }>,
  prices: ModelPrices
): AgentExecutionEventInput {
  const usage = modelUsageOf(node.span);
  // The sender's own cost wins; else the price table; else the call is unpriced (never $0).
  const costUsd = usage.costUsd ?? prices.costUsd(usage.responseModel ?? usage.requestModel, usage);
  const task = [node, ...ancestors(node)].map((candidate) => taskOf.get(candidate)).find(Boolean);
  return {
    agent: agentOf(node),
    workflowRunId: task?.runId ?? null,
    taskRunId: task?.taskRunId ?? null,
    requestModel: usage.requestModel,
    responseModel: usage.responseModel,
    provider: usage.provider,
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    cachedInputTokens: usage.cachedInputTokens,
    reasoningTokens: usage.reasoningTokens,
    costUsd,
    unpriced: costUsd === null,
    ...executionFields(node),
  };
}

/**
 * The model call a tool call served: its nearest model-call ancestor, else the model call under the
 * same parent that ended last before the tool started (the call that asked for it).
 */
function callerOf(node: Node, nodes: Map<string, Node>): string | null {
  const ancestor = [...ancestors(node)].find((up) => up.role === 'model');
  if (ancestor) return recordIdOf(ancestor.span);
  // Until a missing parent arrives, neither the span nor a span beside it can name a caller: a
  // guess would stick, since the later mapping's "none" erases nothing (mergeFields).
  if (node.span.parentSpanId && !node.parent) return null;
  const siblings = node.parent
    ? node.parent.children
    : [...nodes.values()].filter((other) => other.parent === null && !other.span.parentSpanId);
  let caller: Node | null = null;
  for (const sibling of siblings) {
    if (sibling.role !== 'model' || sibling.span.endMs > node.span.startMs) continue;
    if (
      !caller ||
      sibling.span.endMs > caller.span.endMs ||
      (sibling.span.endMs === caller.span.endMs && sibling.span.spanId > caller.span.spanId)
    )
      caller = sibling;
  }
  return caller ? recordIdOf(caller.span) : null;
}

function toolCallEvent(node: Node, nodes: Map<string, Node>): ToolExecutionEventInput {
  return { tool: toolNameOf(node.span), agentExecutionId: callerOf(node, nodes), ...executionFields(node) };
}

interface Step {
  node: Node;
  key: string;
}

/** The agent and tool spans nearest below a workflow span (not inside another step or workflow). */
function stepsOf(workflow: Node): Node[] {
  const steps: Node[] = [];
  const visit = (node: Node) => {
    for (const child of node.children) {
      if (child.role === 'agent' || child.role === 'tool') steps.push(child);
      else if (child.role !== 'workflow') visit(child);
    }
  };
  visit(workflow);
  return steps.sort(byStart);
}

const byStart = (a: Node, b: Node) => a.span.startMs - b.span.startMs || (a.span.spanId < b.span.spanId ? -1 : 1);

const stepName = (node: Node) =>
  node.role === 'agent' ? (invokedAgentOf(node.span) ?? 'agent') : toolNameOf(node.span);

function workflowEvents(node: Node): { definition: WorkflowEventInput; run: WorkflowRunEventInput; steps: Step[] } {
  const { span } = node;
  const name = workflowNameOf(span);
  // Steps of the same name are one node of the graph (a retried or repeated step).
  const steps = stepsOf(node).map((step) => ({ node: step, key: stepName(step) }));
  const keys = [...new Set(steps.map((step) => step.key))];
  // A step follows the steps that ended before it began and after which nothing else both began and ended.
  const edges = new Map<string, { from: string; to: string }>();
  for (const later of steps) {
    const before = steps.filter(
      (earlier) => earlier.node.span.endMs <= later.node.span.startMs && earlier.key !== later.key
    );
    for (const earlier of before) {
      const between = before.some((other) => other !== earlier && other.node.span.startMs >= earlier.node.span.endMs);
      if (!between) edges.set(`${earlier.key}\u0000${later.key}`, { from: earlier.key, to: later.key });
    }
  }
  const nodes = keys.map((key) => {
    const step = steps.find((candidate) => candidate.key === key)!;
    return {
      key,
      label: key,
      agent: step.node.role === 'agent' ? key : null,
      tool: step.node.role === 'tool' ? key : null,
    };
  });
  const { failed: isFailure, errorType, errorMessage } = outcome(span);
  return {
    definition: { key: name, name, ownerId: null, nodes, edges: acyclic([...edges.values()]), at: at(span.startMs) },
    run: {
      runId: recordIdOf(span),
      workflowKey: name,
      workflowName: name,
      status: isFailure ? RunStatus.FAILED : RunStatus.SUCCESS,
      startedAt: at(span.startMs),
      finishedAt: at(span.endMs),
      triggeredBy: inherited(node, userIdOf),
      errorType,
      errorMessage,
      traceId: span.traceId,
      spanId: span.spanId,
    },
    steps,
  };
}

/** Repeated steps can order two names both ways; the graph keeps the first-seen direction. */
function acyclic(edges: { from: string; to: string }[]): { from: string; to: string }[] {
  const seen = new Set<string>();
  return edges.filter((edge) => {
    if (seen.has(`${edge.to}\u0000${edge.from}`)) return false;
    seen.add(`${edge.from}\u0000${edge.to}`);
    return true;
  });
}

function taskRunEvent(node: Node, nodeKey: string, runId: string): TaskRunEventInput {
  const { span } = node;
  const { failed: isFailure, errorType, errorMessage } = outcome(span);
  return {
    taskRunId: recordIdOf(span),
    runId,
    nodeKey,
    attempt: 1,
    agent: node.role === 'agent' ? nodeKey : null,
    tool: node.role === 'tool' ? nodeKey : null,
    status: isFailure ? RunStatus.FAILED : RunStatus.SUCCESS,
    startedAt: at(span.startMs),
    finishedAt: at(span.endMs),
    errorType,
    errorMessage,
  };
}
