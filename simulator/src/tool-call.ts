import { ToolProfile } from './catalog/tools';
import { ExecutionStatus } from './events';
import { iso, Story } from './story';

export interface ToolContext {
  agentExecutionId?: string;
  userId?: string;
  sessionId?: string;
}

export interface ToolOutcome {
  end: number;
  status: ExecutionStatus;
  errorType?: string;
  errorMessage?: string;
  retryable: boolean;
  /** What the result adds to the model's context. */
  resultTokens: number;
  attempts: number;
}

const AGENT_ATTEMPTS = 3;
// Pages, PDFs and log dumps are now and then enormous: that is what overflows a context window.
const HUGE_RESULT_RATE = 0.02;

/** One call: RUNNING when it starts, then how it ended. */
export function callTool(story: Story, tool: ToolProfile, start: number, context: ToolContext): ToolOutcome {
  const { random } = story;
  const requestId = story.id('call', start);
  const base = { requestId, tool: tool.name, startedAt: iso(start), ...context };
  story.emit(start, { toolExecution: { ...base, status: 'RUNNING' } });

  const latency = random.chance(tool.timeoutRate) ? tool.timeoutMs : story.delay(tool.medianMs, tool.sigma);
  let outcome: ToolOutcome;
  if (latency >= tool.timeoutMs) {
    outcome = {
      end: start + tool.timeoutMs,
      status: 'TIMEOUT',
      errorType: 'TimeoutError',
      errorMessage: `${tool.name} did not answer within ${tool.timeoutMs / 1000} s`,
      retryable: true,
      resultTokens: 0,
      attempts: 1,
    };
  } else if (random.chance(tool.failureRate)) {
    const error = random.pick(tool.errors);
    // Errors usually come back faster than results.
    outcome = {
      end: start + Math.round(latency * 0.6),
      status: 'FAILURE',
      errorType: error.type,
      errorMessage: error.message,
      retryable: error.retryable,
      resultTokens: 60,
      attempts: 1,
    };
  } else {
    const huge = tool.resultTokens >= 2_000 && random.chance(HUGE_RESULT_RATE) ? 30 : 1;
    outcome = {
      end: start + latency,
      status: 'SUCCESS',
      retryable: false,
      resultTokens: Math.round(random.logNormal(tool.resultTokens, 0.7) * huge),
      attempts: 1,
    };
  }
  const { errorType, errorMessage } = outcome;
  story.emit(outcome.end, {
    toolExecution: { ...base, status: outcome.status, finishedAt: iso(outcome.end), errorType, errorMessage },
  });
  return outcome;
}

/** How agents call tools: transient failures are tried again after a growing pause. */
export function callToolWithRetries(story: Story, tool: ToolProfile, start: number, context: ToolContext): ToolOutcome {
  let at = start;
  for (let attempt = 1; ; attempt++) {
    const outcome = callTool(story, tool, at, context);
    if (outcome.status === 'SUCCESS' || !outcome.retryable || attempt === AGENT_ATTEMPTS)
      return { ...outcome, attempts: attempt };
    at = outcome.end + Math.round(500 * 2 ** (attempt - 1) * (1 + story.random.next()));
  }
}
