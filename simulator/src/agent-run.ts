import { drawLlmFailure, outputParserFailure } from './catalog/llm-errors';
import { costNanos, Model, nanosToUsd } from './catalog/models';
import { ExecutionStatus } from './events';
import { iso, Story } from './story';
import { callToolWithRetries } from './tool-call';
import { Agent } from './world';

export interface AgentCall {
  input: string;
  userId?: string;
  sessionId?: string;
  workflowRunId?: string;
  taskRunId?: string;
  /** Someone watches it answer and may press stop. */
  interactive?: boolean;
}

export interface AgentOutcome {
  end: number;
  status: ExecutionStatus;
  errorType?: string;
  errorMessage?: string;
  retryable: boolean;
  /** When each of its tool calls ended. */
  toolCallEnds: number[];
}

const STOP_RATE = 0.02;
// Agents mostly carry on when a tool keeps failing, and sometimes give up.
const GIVE_UP_ON_TOOL_RATE = 0.4;
const PARSER_FAILURE_RATE = 0.005;

/** How long one LLM call takes: time to the first token, then the tokens at the model's speed. */
function callLatency(story: Story, llm: Model, outputTokens: number): number {
  return Math.round(
    story.random.logNormal(llm.firstTokenMs, 0.35) +
      (outputTokens / llm.tokensPerSecond) * 1000 * story.random.logNormal(1, 0.2)
  );
}

/**
 * One agent execution: LLM calls (turns) with tool calls between them, until it answers, fails
 * or is stopped. Tokens add up over the calls, since each call sends the growing context again.
 */
export function runAgent(story: Story, agent: Agent, start: number, call: AgentCall): AgentOutcome {
  const { random, world } = story;
  const { llm } = agent;
  const requestId = story.id('exec', start);
  const { input, interactive, ...links } = call;
  const base = {
    requestId,
    agent: agent.name,
    startedAt: iso(start),
    ...links,
    requestModel: llm.request,
    provider: llm.provider,
  };
  story.emit(start, { agentExecution: { ...base, status: 'RUNNING', input } });

  const turns = agent.toolset.length === 0 ? 1 : random.int(1, agent.maxTurns);
  const stopAfterTurn = interactive && random.chance(STOP_RATE) ? random.int(1, turns) : undefined;
  let context = agent.promptTokens + story.delay(150, 0.7);
  let inputTokens = 0;
  let outputTokens = 0;
  let t = start;
  const toolCallEnds: number[] = [];
  let ending: Omit<AgentOutcome, 'end' | 'toolCallEnds'> = { status: 'SUCCESS', retryable: false };

  for (let turn = 1; turn <= turns; turn++) {
    const failure = drawLlmFailure(random, llm, context, world.organization);
    if (failure) {
      const { durationMs, ...rest } = failure;
      t += durationMs;
      ending = rest;
      break;
    }
    const answering = turn === turns;
    const output = Math.max(
      1,
      Math.round(answering ? random.logNormal(agent.answerTokens, 0.5) : random.logNormal(90, 0.5))
    );
    inputTokens += context;
    outputTokens += output;
    context += output;
    t += callLatency(story, llm, output);
    if (turn === stopAfterTurn) {
      ending = { status: 'CANCELLED', retryable: false };
      break;
    }
    if (answering) {
      if (random.chance(PARSER_FAILURE_RATE)) ending = outputParserFailure(random);
      break;
    }
    const calls = random.chance(0.25) ? 2 : 1;
    for (let i = 0; i < calls && ending.status === 'SUCCESS'; i++) {
      const tool = random.pick(agent.toolset);
      const result = callToolWithRetries(story, tool, t + story.delay(30, 0.5), {
        agentExecutionId: requestId,
        userId: call.userId,
        sessionId: call.sessionId,
      });
      t = result.end;
      toolCallEnds.push(t);
      context += result.resultTokens;
      if (result.status !== 'SUCCESS' && random.chance(GIVE_UP_ON_TOOL_RATE)) {
        ending = {
          status: 'FAILURE',
          errorType: 'ToolExecutionError',
          errorMessage: `Tool '${tool.name}' failed after ${result.attempts} attempt${result.attempts > 1 ? 's' : ''}: ${result.errorType}: ${result.errorMessage}`,
          retryable: result.retryable,
        };
      }
    }
    if (ending.status !== 'SUCCESS') break;
  }

  const end = t + story.delay(15, 0.5);
  story.emit(end, {
    agentExecution: {
      ...base,
      status: ending.status,
      finishedAt: iso(end),
      responseModel: llm.response,
      inputTokens,
      outputTokens,
      costUsd: nanosToUsd(costNanos(llm, inputTokens, outputTokens)),
      errorType: ending.errorType,
      errorMessage: ending.errorMessage,
    },
  });
  return { ...ending, end, toolCallEnds };
}
