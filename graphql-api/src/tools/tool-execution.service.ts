import { canAdvance, FAILED_EXECUTION } from '../common/status';
import { Incoming, mergeFields, UnitOfWork } from '../recording/unit-of-work';
import * as v from '../recording/validate';
import { ToolExecution } from './tool-execution.entity';
import { ToolExecutionEventInput } from './tool-execution.input';

export async function recordToolExecution(work: UnitOfWork, event: ToolExecutionEventInput): Promise<ToolExecution> {
  const requestId = v.externalId('requestId', event.requestId);
  const toolName = v.name('tool', event.tool);
  const startedAt = v.time('startedAt', event.startedAt);
  const { finishedAt, durationMs } = v.timing(startedAt, event.finishedAt, event.durationMs);
  const incoming: Incoming<ToolExecution> = {
    status: event.status,
    startedAt,
    finishedAt,
    durationMs,
    agentExecutionRequestId: v.optionalExternalId('agentExecutionId', event.agentExecutionId),
    sessionExternalId: v.optionalExternalId('sessionId', event.sessionId),
    ...v.traceContext(event),
    ...v.errorFields(event),
  };
  const userExternalId = v.optionalExternalId('userId', event.userId);

  const toolId = await work.dimensions.tool(toolName, startedAt);
  if (userExternalId) incoming.userId = await work.dimensions.user(userExternalId, startedAt);
  const execution = await work.upsert(ToolExecution, { requestId }, (before) => ({
    toolId,
    ...mergeFields(before, incoming, !before || canAdvance('exec', before.status, event.status)),
  }));
  if (FAILED_EXECUTION.includes(execution.status)) {
    work.dimensions.noteFailure('tool', toolId, execution.startedAt, execution.errorType, execution.errorMessage);
  }
  return execution;
}
