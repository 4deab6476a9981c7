import { LangChainInstrumentation } from '@arizeai/openinference-instrumentation-langchain';
import * as CallbackManagerModule from '@langchain/core/callbacks/manager';
import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage } from '@langchain/core/messages';
import { ChatResult } from '@langchain/core/outputs';
import { RunnableLambda } from '@langchain/core/runnables';
import { tool as langchainTool } from '@langchain/core/tools';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { generateText, stepCountIs, tool as aiTool } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import { z } from 'zod';
import { ADMIN_TOKEN, startApi, TestApi } from './support/api';
import { exporterFor } from './support/otel';
import { ROLLUP_TABLES } from '../src/rollups/rebuild';

const EXECUTIONS = `{ agentExecutions(first: 50, sortBy: STARTED_AT, direction: ASC) { nodes {
  requestId agent { name } provider requestModel inputTokens outputTokens cachedInputTokens reasoningTokens costUsd unpriced user { externalId } sessionExternalId } }
  toolExecutions(first: 50) { nodes { tool { name } agentExecutionRequestId status } }
  agentStats { summary { count inputTokens outputTokens costUsd } } }`;

describe('real instrumentations, offline with fake models, exporting to Agentmon', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi('mysql', {}, 'otlp_instr');
  });
  afterAll(() => api.close());
  beforeEach(async () => {
    for (const table of ['tool_executions', 'agent_executions', 'otlp_spans', ...ROLLUP_TABLES])
      await api.services.dataSource.query(`DELETE FROM ${table}`);
  });

  it('the AI SDK (experimental_telemetry) with its mock language model: tokens, cost, model and tool call as the SDK reported them', async () => {
    // Each span is exported as it ends, as a SimpleSpanProcessor does: the model calls before their generateText.
    const provider = new NodeTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'ai-sdk-app' }),
      spanProcessors: [new SimpleSpanProcessor(exporterFor('proto', api.url, ADMIN_TOKEN))],
    });
    provider.register();
    const usage = (input: number, output: number, cached: number, reasoning: number) => ({
      inputTokens: { total: input, noCache: input - cached, cacheRead: cached, cacheWrite: 0 },
      outputTokens: { total: output, text: output - reasoning, reasoning },
    });
    const steps = [
      {
        content: [
          {
            type: 'tool-call' as const,
            toolCallId: 'call-1',
            toolName: 'weather',
            input: JSON.stringify({ city: 'Paris' }),
          },
        ],
        finishReason: { unified: 'tool-calls' as const, raw: 'tool_calls' },
        usage: usage(100, 20, 40, 5),
        warnings: [],
      },
      {
        content: [{ type: 'text' as const, text: 'Sunny in Paris' }],
        finishReason: { unified: 'stop' as const, raw: 'stop' },
        usage: usage(150, 30, 0, 10),
        warnings: [],
      },
    ];
    let step = 0;
    const model = new MockLanguageModelV3({
      provider: 'openai.responses',
      modelId: 'gpt-4o-mini',
      doGenerate: async () => steps[step++],
    });
    const result = await generateText({
      model,
      prompt: 'What is the weather in Paris?',
      tools: {
        weather: aiTool({
          inputSchema: z.object({ city: z.string() }),
          execute: async ({ city }) => `sunny in ${city}`,
        }),
      },
      stopWhen: stepCountIs(3),
      experimental_telemetry: {
        isEnabled: true,
        functionId: 'weather-agent',
        metadata: { userId: 'zoe', sessionId: 'session-9' },
      },
    });
    await provider.shutdown();
    expect(result.text).toBe('Sunny in Paris');

    const data = await api.data(EXECUTIONS);
    const calls = data.agentExecutions.nodes;
    expect(calls).toHaveLength(2);
    // gpt-4o-mini: input $0.15, cached input $0.075, output $0.60 per million tokens.
    expect(calls).toEqual([
      expect.objectContaining({
        agent: { name: 'weather-agent' },
        provider: 'openai',
        requestModel: 'gpt-4o-mini',
        inputTokens: 100,
        outputTokens: 20,
        cachedInputTokens: 40,
        reasoningTokens: 5,
        costUsd: '0.000024',
        unpriced: false,
        user: { externalId: 'zoe' },
        sessionExternalId: 'session-9',
      }),
      expect.objectContaining({
        agent: { name: 'weather-agent' },
        inputTokens: 150,
        outputTokens: 30,
        cachedInputTokens: 0,
        reasoningTokens: 10,
        costUsd: '0.0000405',
      }),
    ]);
    // The SDK's own totals: the outer span's usage is not counted again.
    expect(data.agentStats.summary).toEqual({
      count: 2,
      inputTokens: result.totalUsage.inputTokens,
      outputTokens: result.totalUsage.outputTokens,
      costUsd: '0.0000645',
    });
    expect(data.toolExecutions.nodes).toEqual([
      { tool: { name: 'weather' }, agentExecutionRequestId: calls[0].requestId, status: 'SUCCESS' },
    ]);
  });

  it('LangChain.js under the OpenInference instrumentation with a fake chat model: tokens and the tool call', async () => {
    const provider = new NodeTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'langchain-app', 'user.id': 'lee' }),
      spanProcessors: [new BatchSpanProcessor(exporterFor('json', api.url, ADMIN_TOKEN))],
    });
    const instrumentation = new LangChainInstrumentation();
    instrumentation.setTracerProvider(provider);
    instrumentation.manuallyInstrument(CallbackManagerModule);

    /** A chat model that answers without any network, reporting usage as real providers do. */
    class FakeUsageChatModel extends BaseChatModel {
      _llmType() {
        return 'fake-usage';
      }
      invocationParams() {
        return { model: 'claude-sonnet-4-20250514' };
      }
      async _generate(): Promise<ChatResult> {
        const message = new AIMessage({
          content: 'Paris',
          usage_metadata: {
            input_tokens: 420,
            output_tokens: 17,
            total_tokens: 437,
            input_token_details: { cache_read: 20 },
          },
        });
        return { generations: [{ text: 'Paris', message }], llmOutput: {} };
      }
    }
    const chat = new FakeUsageChatModel({});
    const weather = langchainTool(async ({ city }: { city: string }) => `sunny in ${city}`, {
      name: 'weather',
      description: 'Weather for a city',
      schema: z.object({ city: z.string() }),
    });
    // The config passed on makes the model and tool runs children of the chain's run (one trace).
    const chain = RunnableLambda.from(async (question: string, config) => {
      const answer = await chat.invoke(question, config);
      return weather.invoke({ city: String(answer.content) }, config);
    }).withConfig({ runName: 'travel-chain' });
    expect(await chain.invoke('Capital of France?')).toBe('sunny in Paris');
    await provider.shutdown();
    instrumentation.disable();

    const data = await api.data(EXECUTIONS);
    // claude-sonnet-4: (400 × $3 + 20 × $0.30 + 17 × $15) per million = $0.001461
    expect(data.agentExecutions.nodes).toEqual([
      expect.objectContaining({
        agent: { name: 'langchain-app' },
        requestModel: 'claude-sonnet-4-20250514',
        inputTokens: 420,
        outputTokens: 17,
        cachedInputTokens: 20,
        costUsd: '0.001461',
        unpriced: false,
        user: { externalId: 'lee' },
      }),
    ]);
    expect(data.toolExecutions.nodes).toEqual([
      {
        tool: { name: 'weather' },
        agentExecutionRequestId: data.agentExecutions.nodes[0].requestId,
        status: 'SUCCESS',
      },
    ]);
    expect(data.agentStats.summary).toEqual({ count: 1, inputTokens: 420, outputTokens: 17, costUsd: '0.001461' });
  });
});
