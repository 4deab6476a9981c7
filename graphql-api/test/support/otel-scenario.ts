import { SpanSpec } from './otel';

/**
 * One workflow run as GenAI-instrumented code reports it: a workflow with two agents, model calls
 * with every token and provider spelling, a tool call, a failed call and an unpriced model.
 */
export function researchTrace(start: number, user = 'ann'): SpanSpec[] {
  const t = (seconds: number) => start + seconds * 1000;
  return [
    {
      name: 'invoke_workflow research',
      attributes: {
        'gen_ai.operation.name': 'invoke_workflow',
        'gen_ai.workflow.name': 'research',
        'user.id': user,
        'gen_ai.conversation.id': `conv-${user}`,
      },
      start: t(0),
      end: t(60),
      children: [
        {
          name: 'invoke_agent Planner',
          attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'Planner' },
          start: t(1),
          end: t(20),
          children: [
            {
              // Priced from the table: (800 × 2.50 + 200 × 1.25 + 300 × 10.00) / 1e6 = $0.00525
              name: 'chat gpt-4o',
              attributes: {
                'gen_ai.operation.name': 'chat',
                'gen_ai.provider.name': 'openai',
                'gen_ai.request.model': 'gpt-4o',
                'gen_ai.response.model': 'gpt-4o-2024-08-06',
                'gen_ai.usage.input_tokens': 1000,
                'gen_ai.usage.output_tokens': 300,
                'gen_ai.usage.cache_read.input_tokens': 200,
                'gen_ai.usage.reasoning.output_tokens': 100,
              },
              start: t(2),
              end: t(5),
            },
            {
              name: 'execute_tool web_search',
              attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'web_search' },
              start: t(6),
              end: t(8),
            },
            {
              // Older names, integers as strings, and the sender's own cost.
              name: 'chat claude-sonnet-4',
              attributes: {
                'gen_ai.operation.name': 'chat',
                'gen_ai.system': 'anthropic',
                'gen_ai.request.model': 'claude-sonnet-4',
                'gen_ai.usage.prompt_tokens': '500',
                'gen_ai.usage.completion_tokens': '50',
                'gen_ai.usage.cost': 0.0042,
              },
              start: t(9),
              end: t(12),
            },
          ],
        },
        {
          name: 'invoke_agent Writer',
          attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'Writer' },
          start: t(21),
          end: t(50),
          children: [
            {
              name: 'chat local-llm',
              attributes: {
                'gen_ai.operation.name': 'chat',
                'gen_ai.provider.name': 'ollama',
                'gen_ai.request.model': 'local-llm',
                'gen_ai.usage.input_tokens': 10,
                'gen_ai.usage.output_tokens': 20,
              },
              start: t(22),
              end: t(30),
            },
            {
              name: 'chat gpt-4o-mini',
              attributes: {
                'gen_ai.operation.name': 'chat',
                'gen_ai.provider.name': 'openai',
                'gen_ai.request.model': 'gpt-4o-mini',
                'error.type': 'RateLimitError',
              },
              start: t(31),
              end: t(32),
              error: 'rate limited',
            },
          ],
        },
      ],
    },
  ];
}

/** What researchTrace's model calls must become, by span name. */
export const RESEARCH_CALLS: Record<
  string,
  {
    agent: string;
    provider: string;
    requestModel: string;
    inputTokens: number;
    outputTokens: number;
    cachedInputTokens: number | null;
    reasoningTokens: number | null;
    costUsd: string;
    unpriced: boolean;
    status: string;
    errorType: string | null;
  }
> = {
  'chat gpt-4o': {
    agent: 'Planner',
    provider: 'openai',
    requestModel: 'gpt-4o',
    inputTokens: 1000,
    outputTokens: 300,
    cachedInputTokens: 200,
    reasoningTokens: 100,
    costUsd: '0.00525',
    unpriced: false,
    status: 'SUCCESS',
    errorType: null,
  },
  'chat claude-sonnet-4': {
    agent: 'Planner',
    provider: 'anthropic',
    requestModel: 'claude-sonnet-4',
    inputTokens: 500,
    outputTokens: 50,
    cachedInputTokens: null,
    reasoningTokens: null,
    costUsd: '0.0042',
    unpriced: false,
    status: 'SUCCESS',
    errorType: null,
  },
  'chat local-llm': {
    agent: 'Writer',
    provider: 'ollama',
    requestModel: 'local-llm',
    inputTokens: 10,
    outputTokens: 20,
    cachedInputTokens: null,
    reasoningTokens: null,
    costUsd: '0',
    unpriced: true,
    status: 'SUCCESS',
    errorType: null,
  },
  'chat gpt-4o-mini': {
    agent: 'Writer',
    provider: 'openai',
    requestModel: 'gpt-4o-mini',
    inputTokens: 0,
    outputTokens: 0,
    cachedInputTokens: null,
    reasoningTokens: null,
    costUsd: '0',
    unpriced: false,
    status: 'FAILURE',
    errorType: 'RateLimitError',
  },
};
