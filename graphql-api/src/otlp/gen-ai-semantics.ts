import { Attributes, AttributeValue, ReceivedSpan } from './otlp-request';

/**
 * What a span is to Agentmon, from the attribute variants the GenAI conventions and the common
 * instrumentations (OpenInference, the AI SDK, Traceloop, Mastra, OpenLIT) write. Checked in this
 * order: the GenAI operation, OpenInference's span kind, the AI SDK's operation id, Traceloop's span
 * kind, Mastra's span type, then model or tool attributes on the span.
 */
export type SpanRole = 'model' | 'agent' | 'tool' | 'workflow' | 'other';

const GEN_AI_OPERATIONS: Record<string, SpanRole> = {
  chat: 'model',
  text_completion: 'model',
  generate_content: 'model',
  embeddings: 'model',
  invoke_agent: 'agent',
  create_agent: 'agent',
  execute_tool: 'tool',
  invoke_workflow: 'workflow',
};
const OPENINFERENCE_KINDS: Record<string, SpanRole> = {
  LLM: 'model',
  EMBEDDING: 'model',
  AGENT: 'agent',
  TOOL: 'tool',
};
const TRACELOOP_KINDS: Record<string, SpanRole> = { workflow: 'workflow', agent: 'agent', tool: 'tool' };
const MASTRA_TYPES: Record<string, SpanRole> = {
  model_generation: 'model',
  agent_run: 'agent',
  tool_call: 'tool',
  mcp_tool_call: 'tool',
  workflow_run: 'workflow',
};
// The AI SDK's calls of the model itself; its outer spans (ai.generateText) sum their usage.
const AI_SDK_MODEL_CALL =
  /^ai\.(generateText|streamText|generateObject|streamObject)\.do(Generate|Stream)$|^ai\.embed(Many)?\.doEmbed$/;
const AI_SDK_CALL = /^ai\.(generateText|streamText|generateObject|streamObject)$/;

const PROVIDER = ['gen_ai.provider.name', 'gen_ai.system', 'ai.model.provider', 'llm.provider', 'llm.system'];
const REQUEST_MODEL = ['gen_ai.request.model', 'ai.model.id', 'llm.model_name', 'llm.request.model'];
const RESPONSE_MODEL = ['gen_ai.response.model', 'ai.response.model', 'llm.response.model'];
const INPUT_TOKENS = [
  'gen_ai.usage.input_tokens',
  'gen_ai.usage.prompt_tokens',
  'ai.usage.inputTokens',
  'ai.usage.promptTokens',
  'llm.token_count.prompt',
  'llm.usage.prompt_tokens',
];
const OUTPUT_TOKENS = [
  'gen_ai.usage.output_tokens',
  'gen_ai.usage.completion_tokens',
  'ai.usage.outputTokens',
  'ai.usage.completionTokens',
  'llm.token_count.completion',
  'llm.usage.completion_tokens',
];
const CACHED_TOKENS = [
  'gen_ai.usage.cache_read.input_tokens',
  'gen_ai.usage.cache_read_input_tokens',
  'ai.usage.cachedInputTokens',
  'llm.token_count.prompt_details.cache_read',
];
const REASONING_TOKENS = [
  'gen_ai.usage.reasoning.output_tokens',
  'ai.usage.reasoningTokens',
  'llm.token_count.completion_details.reasoning',
];
const COST = ['gen_ai.usage.cost', 'llm.cost.total'];
const COST_DETAILS = 'langfuse.observation.cost_details';
const AGENT_NAME = ['gen_ai.agent.name'];
const TOOL_NAME = ['gen_ai.tool.name', 'ai.toolCall.name', 'tool.name'];
const WORKFLOW_NAME = ['gen_ai.workflow.name', 'traceloop.workflow.name'];
const ENTITY_NAME = ['traceloop.entity.name', 'ai.telemetry.functionId'];
const SESSION = ['gen_ai.conversation.id', 'session.id', 'ai.telemetry.metadata.sessionId'];
const USER = ['user.id', 'enduser.id', 'ai.telemetry.metadata.userId'];
const KIND = [
  'gen_ai.operation.name',
  'openinference.span.kind',
  'ai.operationId',
  'traceloop.span.kind',
  'mastra.span.type',
  'llm.request.type',
];
const ERROR_TYPE = 'error.type';

/** The span attributes kept with a span: those the mapping reads (prompts and outputs are not kept). */
const KEPT = new Set([
  ...PROVIDER,
  ...REQUEST_MODEL,
  ...RESPONSE_MODEL,
  ...INPUT_TOKENS,
  ...OUTPUT_TOKENS,
  ...CACHED_TOKENS,
  ...REASONING_TOKENS,
  ...COST,
  COST_DETAILS,
  ...AGENT_NAME,
  ...TOOL_NAME,
  ...WORKFLOW_NAME,
  ...ENTITY_NAME,
  ...SESSION,
  ...USER,
  ...KIND,
  ERROR_TYPE,
]);
export const keepAttribute = (key: string) => KEPT.has(key);
/** The resource attributes kept: the service (the agent of last resort), and users and sessions set for a whole process. */
export const RESOURCE_KEYS = ['service.name', ...SESSION, ...USER] as const;

function first(attributes: Attributes, keys: readonly string[]): AttributeValue | undefined {
  for (const key of keys) {
    const value = attributes[key];
    if (value !== undefined && value !== null && value !== '') return value;
  }
  return undefined;
}

export function text(attributes: Attributes, keys: readonly string[]): string | null {
  const value = first(attributes, keys);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/** A token count sent as a number or a string ("120"); anything else is no count. */
function tokens(attributes: Attributes, keys: readonly string[]): number | null {
  const value = first(attributes, keys);
  const number = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof number === 'number' && Number.isSafeInteger(number) && number >= 0 ? number : null;
}

/** A cost in US dollars as a decimal string, from a number or a string; a cost-details object gives its total. */
function cost(attributes: Attributes): string | null {
  let value = first(attributes, COST);
  if (value === undefined) {
    const details = attributes[COST_DETAILS];
    const parsed = typeof details === 'string' ? safeJson(details) : details;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      value = (parsed as Record<string, AttributeValue>).total;
  }
  const number = typeof value === 'string' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number) || number < 0) return null;
  // Nine decimals: Agentmon keeps billionths of a dollar.
  return number.toFixed(9);
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

export function roleOf(span: ReceivedSpan): SpanRole {
  const a = span.attributes;
  const operation = text(a, ['gen_ai.operation.name']);
  if (operation && GEN_AI_OPERATIONS[operation]) return GEN_AI_OPERATIONS[operation];
  const openInference = text(a, ['openinference.span.kind']);
  if (openInference) return OPENINFERENCE_KINDS[openInference.toUpperCase()] ?? 'other';
  const aiSdk = text(a, ['ai.operationId']);
  if (aiSdk) {
    if (AI_SDK_MODEL_CALL.test(aiSdk)) return 'model';
    if (aiSdk === 'ai.toolCall') return 'tool';
    // An AI SDK call named by its functionId acts for an agent of that name.
    if (AI_SDK_CALL.test(aiSdk) && text(a, ['ai.telemetry.functionId'])) return 'agent';
    return 'other';
  }
  const traceloop = text(a, ['traceloop.span.kind']);
  if (traceloop) return TRACELOOP_KINDS[traceloop] ?? 'other';
  const mastra = text(a, ['mastra.span.type']);
  if (mastra) return MASTRA_TYPES[mastra] ?? 'other';
  if (
    text(a, ['llm.request.type']) ||
    (text(a, REQUEST_MODEL) && tokens(a, [...INPUT_TOKENS, ...OUTPUT_TOKENS]) !== null)
  )
    return 'model';
  if (text(a, TOOL_NAME)) return 'tool';
  return 'other';
}

/** The name after the operation in a span name: "invoke_agent Planner" → "Planner". */
function nameAfter(span: ReceivedSpan, operation: string): string | null {
  return span.name.startsWith(`${operation} `) ? span.name.slice(operation.length + 1).trim() || null : null;
}

export function agentNameOf(span: ReceivedSpan): string | null {
  return (
    text(span.attributes, AGENT_NAME) ??
    nameAfter(span, 'invoke_agent') ??
    nameAfter(span, 'create_agent') ??
    text(span.attributes, ENTITY_NAME)
  );
}

/** An agent span's name, falling back on the span's own name (OpenInference and Traceloop agent spans carry no other). */
export function invokedAgentOf(span: ReceivedSpan): string | null {
  return agentNameOf(span) ?? (span.name === 'invoke_agent' ? null : span.name);
}

export function toolNameOf(span: ReceivedSpan): string {
  return (
    text(span.attributes, TOOL_NAME) ??
    nameAfter(span, 'execute_tool') ??
    text(span.attributes, ['traceloop.entity.name']) ??
    span.name
  );
}

export function workflowNameOf(span: ReceivedSpan): string {
  return (
    text(span.attributes, WORKFLOW_NAME) ??
    nameAfter(span, 'invoke_workflow') ??
    text(span.attributes, ['traceloop.entity.name']) ??
    span.name
  );
}

// The AI SDK writes the provider with the API it used ("openai.chat", "openai.responses").
const PROVIDER_API_SUFFIX = /^([\w-]+)\.(chat|responses|completion|completions|embedding|embeddings|messages|image)$/;

export interface ModelUsage {
  provider: string | null;
  requestModel: string | null;
  responseModel: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  cachedInputTokens: number | null;
  reasoningTokens: number | null;
  /** The cost the sender computed (US dollars), which wins over Agentmon's price table. */
  costUsd: string | null;
}

export function modelUsageOf(span: ReceivedSpan): ModelUsage {
  const a = span.attributes;
  const provider = text(a, PROVIDER);
  return {
    provider: provider ? (PROVIDER_API_SUFFIX.exec(provider)?.[1] ?? provider) : null,
    requestModel: text(a, REQUEST_MODEL),
    responseModel: text(a, RESPONSE_MODEL),
    // Output tokens as such, never a total; reasoning tokens are part of them and are not added again.
    inputTokens: tokens(a, INPUT_TOKENS),
    outputTokens: tokens(a, OUTPUT_TOKENS),
    cachedInputTokens: tokens(a, CACHED_TOKENS),
    reasoningTokens: tokens(a, REASONING_TOKENS),
    costUsd: cost(a),
  };
}

export const sessionIdOf = (attributes: Attributes) => text(attributes, SESSION);
export const userIdOf = (attributes: Attributes) => text(attributes, USER);
export const errorTypeOf = (span: ReceivedSpan) => text(span.attributes, [ERROR_TYPE]) ?? span.exception?.type ?? null;
