import { decimalToNanos, nanosToDecimal } from '../common/decimal';
import { InputError } from '../common/errors';
import { canAdvance, FAILED_EXECUTION } from '../common/status';
import { Incoming, mergeFields, UnitOfWork } from '../recording/unit-of-work';
import * as v from '../recording/validate';
import { AgentExecution } from './agent-execution.entity';
import { AgentExecutionEventInput } from './agent-execution.input';

// At most $10,000 for one execution: far above any LLM call, and low enough that the all-time rollup
// (BIGINT billionths) holds nearly a million of them before it could overflow.
const MAX_COST_NANOS = 10_000n * 1_000_000_000n;
// total_tokens is an INT column.
const MAX_TOKENS = 2_147_483_647;

export async function recordAgentExecution(work: UnitOfWork, event: AgentExecutionEventInput): Promise<AgentExecution> {
  const requestId = v.externalId('requestId', event.requestId);
  const agentName = v.name('agent', event.agent);
  const startedAt = v.time('startedAt', event.startedAt);
  const { finishedAt, durationMs } = v.timing(startedAt, event.finishedAt, event.durationMs);
  const inputTokens = v.count('inputTokens', event.inputTokens);
  const outputTokens = v.count('outputTokens', event.outputTokens);
  let totalTokens = v.count('totalTokens', event.totalTokens);
  if (totalTokens === null && (inputTokens !== null || outputTokens !== null))
    totalTokens = (inputTokens ?? 0) + (outputTokens ?? 0);
  if (totalTokens !== null && totalTokens > MAX_TOKENS)
    throw new InputError('totalTokens', `inputTokens + outputTokens must be at most ${MAX_TOKENS}, got ${totalTokens}`);
  const cachedInputTokens = v.count('cachedInputTokens', event.cachedInputTokens);
  if (cachedInputTokens !== null && inputTokens !== null && cachedInputTokens > inputTokens) {
    throw new InputError(
      'cachedInputTokens',
      `counts within inputTokens, so must be at most ${inputTokens}, got ${cachedInputTokens}`
    );
  }
  const reasoningTokens = v.count('reasoningTokens', event.reasoningTokens);
  if (reasoningTokens !== null && outputTokens !== null && reasoningTokens > outputTokens) {
    throw new InputError(
      'reasoningTokens',
      `counts within outputTokens, so must be at most ${outputTokens}, got ${reasoningTokens}`
    );
  }
  const unpriced = event.unpriced ?? null;
  if (unpriced && event.costUsd !== null && event.costUsd !== undefined)
    throw new InputError('unpriced', 'cannot be true when costUsd is sent');
  let costNanos: bigint | null = null;
  if (event.costUsd !== null && event.costUsd !== undefined) {
    costNanos = decimalToNanos(event.costUsd);
    if (costNanos === null || costNanos < 0n)
      throw new InputError('costUsd', `must be a non-negative amount, got "${event.costUsd}"`);
    if (costNanos > MAX_COST_NANOS)
      throw new InputError('costUsd', `must be at most ${nanosToDecimal(MAX_COST_NANOS)}, got "${event.costUsd}"`);
  }
  const incoming: Incoming<AgentExecution> = {
    status: event.status,
    startedAt,
    finishedAt,
    durationMs,
    sessionExternalId: v.optionalExternalId('sessionId', event.sessionId),
    workflowRunExternalId: v.optionalExternalId('workflowRunId', event.workflowRunId),
    taskRunExternalId: v.optionalExternalId('taskRunId', event.taskRunId),
    requestModel: v.optionalName('requestModel', event.requestModel, 128),
    responseModel: v.optionalName('responseModel', event.responseModel, 128),
    provider: v.optionalName('provider', event.provider, 64),
    inputTokens,
    outputTokens,
    totalTokens,
    cachedInputTokens,
    reasoningTokens,
    costNanos,
    // A cost sent later prices the execution.
    unpriced: costNanos !== null ? false : unpriced,
    ...v.traceContext(event),
    ...v.errorFields(event),
    inputPayload: v.optionalText('input', event.input, work.limits.payloadMaxBytes),
    outputPayload: v.optionalText('output', event.output, work.limits.payloadMaxBytes),
  };
  const userExternalId = v.optionalExternalId('userId', event.userId);

  const agentId = await work.dimensions.agent(agentName, startedAt);
  if (userExternalId) incoming.userId = await work.dimensions.user(userExternalId, startedAt);
  const execution = await work.upsert(AgentExecution, { requestId }, (before) => ({
    agentId,
    ...mergeFields(before, incoming, !before || canAdvance('exec', before.status, event.status)),
  }));
  if (FAILED_EXECUTION.includes(execution.status)) {
    work.dimensions.noteFailure('agent', agentId, execution.startedAt, execution.errorType, execution.errorMessage);
  }
  return execution;
}
