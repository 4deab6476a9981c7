import { Attributes, context, ROOT_CONTEXT, Span, SpanStatusCode, trace } from '@opentelemetry/api';
import { ExportResult, ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

export type Encoding = 'json' | 'proto';

/** What a test says a span is: its name, attributes, times (ms), outcome and children. */
export interface SpanSpec {
  name: string;
  attributes?: Attributes;
  start: number;
  end: number;
  error?: string;
  children?: SpanSpec[];
}

/**
 * Makes real SDK spans (BasicTracerProvider, its own ids and parent links) from specs, collected
 * in memory so a test can export them in any order and grouping with the real OTLP exporters.
 */
export function makeSpans(
  roots: SpanSpec[],
  resource: Attributes = { 'service.name': 'otel-test-service' }
): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes(resource),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('agentmon-tests');
  const open = (spec: SpanSpec, parent: Span | null) => {
    const span = tracer.startSpan(
      spec.name,
      { attributes: spec.attributes, startTime: spec.start },
      parent ? trace.setSpan(ROOT_CONTEXT, parent) : context.active()
    );
    for (const child of spec.children ?? []) open(child, span);
    if (spec.error) span.setStatus({ code: SpanStatusCode.ERROR, message: spec.error });
    span.end(spec.end);
  };
  for (const root of roots) open(root, null);
  return memory.getFinishedSpans();
}

/** Sends spans with the real exporter of that encoding, as an instrumented app configured with the two variables would. */
export function exporterFor(encoding: Encoding, url: string, token: string | null) {
  const options = {
    url: `${url}/v1/traces`,
    headers: (token ? { Authorization: `Bearer ${token}` } : {}) as Record<string, string>,
  };
  return encoding === 'json' ? new JsonExporter(options) : new ProtoExporter(options);
}

export async function exportSpans(
  encoding: Encoding,
  url: string,
  token: string | null,
  spans: ReadableSpan[]
): Promise<ExportResult> {
  const exporter = exporterFor(encoding, url, token);
  const result = await new Promise<ExportResult>((resolve) => exporter.export(spans, resolve));
  await exporter.shutdown();
  return result;
}

export async function exportOk(
  encoding: Encoding,
  url: string,
  token: string | null,
  spans: ReadableSpan[]
): Promise<void> {
  const result = await exportSpans(encoding, url, token, spans);
  if (result.code !== ExportResultCode.SUCCESS) throw new Error(`export failed: ${result.error?.message}`);
}

export const hexIds = (span: ReadableSpan) => ({
  traceId: span.spanContext().traceId,
  spanId: span.spanContext().spanId,
});
