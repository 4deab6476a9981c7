import { createHash } from 'node:crypto';
import { AgentExecutionEvent, EventKind, kindOf, SimEvent, ToolExecutionEvent } from './events';
import { Tally, UnavailableError, FatalError } from './client';

/**
 * The simulator's agent and tool executions as an OpenTelemetry-instrumented platform would report
 * them: OTLP/JSON spans (GenAI conventions) posted to /v1/traces. Each model call is a `chat` span
 * of its own trace, its tool calls `execute_tool` spans under it. Spans are sent when they end, so
 * an execution's "running" event sends nothing.
 */

type Attribute = { key: string; value: { stringValue: string } | { intValue: string } | { doubleValue: number } };

/** Stable hex ids from the simulator's own ids, so a replayed history sends the same spans. */
const hexOf = (text: string, bytes: number) =>
  createHash('sha256')
    .update(text)
    .digest('hex')
    .slice(0, bytes * 2);
const nanos = (iso: string) => `${BigInt(Date.parse(iso)) * 1_000_000n}`;

function attributes(values: Record<string, string | number | undefined>): Attribute[] {
  return Object.entries(values)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) =>
      typeof value === 'string'
        ? { key, value: { stringValue: value } }
        : Number.isInteger(value)
          ? { key, value: { intValue: String(value) } }
          : { key, value: { doubleValue: value as number } }
    );
}

const failed = (status: string) => status !== 'SUCCESS';
const statusOf = (event: { status: string; errorMessage?: string }) =>
  failed(event.status) ? { code: 2, message: event.errorMessage ?? event.status.toLowerCase() } : { code: 1 };

function modelCallSpan(event: AgentExecutionEvent & { finishedAt: string }) {
  return {
    traceId: hexOf(`trace:${event.requestId}`, 16),
    spanId: hexOf(`span:${event.requestId}`, 8),
    name: `chat ${event.requestModel}`,
    kind: 3,
    startTimeUnixNano: nanos(event.startedAt),
    endTimeUnixNano: nanos(event.finishedAt),
    attributes: attributes({
      'gen_ai.operation.name': 'chat',
      'gen_ai.agent.name': event.agent,
      'gen_ai.provider.name': event.provider,
      'gen_ai.request.model': event.requestModel,
      'gen_ai.response.model': event.responseModel,
      'gen_ai.usage.input_tokens': event.inputTokens,
      'gen_ai.usage.output_tokens': event.outputTokens,
      'gen_ai.usage.cost': event.costUsd === undefined ? undefined : Number(event.costUsd),
      'gen_ai.conversation.id': event.sessionId,
      'user.id': event.userId,
      'error.type': failed(event.status) ? (event.errorType ?? event.status.toLowerCase()) : undefined,
    }),
    status: statusOf(event),
  };
}

function toolCallSpan(event: ToolExecutionEvent & { finishedAt: string }) {
  // Under the model call that made it; a call of no model is a trace of its own.
  const caller = event.agentExecutionId ?? event.requestId;
  return {
    traceId: hexOf(`trace:${caller}`, 16),
    spanId: hexOf(`span:${event.requestId}`, 8),
    ...(event.agentExecutionId ? { parentSpanId: hexOf(`span:${event.agentExecutionId}`, 8) } : {}),
    name: `execute_tool ${event.tool}`,
    kind: 1,
    startTimeUnixNano: nanos(event.startedAt),
    endTimeUnixNano: nanos(event.finishedAt),
    attributes: attributes({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': event.tool,
      'session.id': event.sessionId,
      'user.id': event.userId,
      'error.type': failed(event.status) ? (event.errorType ?? event.status.toLowerCase()) : undefined,
    }),
    status: statusOf(event),
  };
}

const SPAN_KINDS: EventKind[] = ['agentExecution', 'toolExecution'];

/** Splits events into the spans of ended executions and the events that still go by GraphQL. */
export function splitSpans(events: readonly SimEvent[]): {
  spans: { kind: EventKind; span: ReturnType<typeof modelCallSpan> }[];
  rest: SimEvent[];
} {
  const spans: { kind: EventKind; span: ReturnType<typeof modelCallSpan> }[] = [];
  const rest: SimEvent[] = [];
  for (const event of events) {
    const kind = kindOf(event);
    if (!SPAN_KINDS.includes(kind)) {
      rest.push(event);
      continue;
    }
    const execution = (event as Record<string, AgentExecutionEvent | ToolExecutionEvent>)[kind];
    if (!execution.finishedAt) continue;
    const ended = execution as typeof execution & { finishedAt: string };
    spans.push({
      kind,
      span:
        kind === 'agentExecution'
          ? modelCallSpan(ended as AgentExecutionEvent & { finishedAt: string })
          : toolCallSpan(ended as ToolExecutionEvent & { finishedAt: string }),
    });
  }
  return { spans, rest };
}

const SPANS_PER_EXPORT = 512;
const RETRY_DELAYS_MS = [500, 1_000, 2_000, 4_000, 8_000];

/** Posts spans as an OTLP/HTTP JSON exporter does, retrying on 429 and 503 after Retry-After. */
export class OtlpSender {
  constructor(
    private readonly tracesUrl: string,
    private readonly token: string,
    private readonly tally: Tally,
    private readonly serviceName = 'agentmon-simulator'
  ) {}

  async send(spans: ReturnType<typeof splitSpans>['spans']): Promise<void> {
    for (let from = 0; from < spans.length; from += SPANS_PER_EXPORT) {
      const batch = spans.slice(from, from + SPANS_PER_EXPORT);
      const rejected = await this.post(batch.map(({ span }) => span));
      // partial_success says how many, not which: the first kinds of the batch are counted as the rejected ones.
      batch.forEach(({ kind }, i) => (i < rejected ? this.tally.rejected[kind]++ : this.tally.accepted[kind]++));
    }
  }

  private async post(spans: unknown[]): Promise<number> {
    const body = JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: attributes({ 'service.name': this.serviceName }) },
          scopeSpans: [{ scope: { name: 'agentmon-simulator' }, spans }],
        },
      ],
    });
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(this.tracesUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
          body,
        });
      } catch (error) {
        if (attempt === RETRY_DELAYS_MS.length)
          throw new UnavailableError(`cannot reach ${this.tracesUrl}: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAYS_MS[attempt]));
        continue;
      }
      const answer = (await response.json().catch(() => ({}))) as {
        partialSuccess?: { rejectedSpans?: string | number };
        message?: string;
      };
      if (response.status === 200) return Number(answer.partialSuccess?.rejectedSpans ?? 0);
      if ((response.status === 429 || response.status === 503) && attempt < RETRY_DELAYS_MS.length) {
        const wait = Number(response.headers.get('retry-after') ?? 0) * 1000 || RETRY_DELAYS_MS[attempt];
        await new Promise((resolve) => setTimeout(resolve, wait));
        continue;
      }
      if (response.status === 503) throw new UnavailableError(`the API answered 503: ${answer.message ?? ''}`);
      throw new FatalError(`the API refused the spans (${response.status}): ${answer.message ?? ''}`);
    }
  }
}
