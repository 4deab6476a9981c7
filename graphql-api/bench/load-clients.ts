import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { ExportTraceServiceResponse } from '../src/otlp/otlp-proto';
import { BatchEvent, EventKind, INGEST, SINGLE, singleDocument } from '../test/support/events';
import { mixedBatch } from '../test/support/mixed';
import { makeSpans } from '../test/support/otel';
import { researchTrace } from '../test/support/otel-scenario';

/**
 * The load generator, run as a child process so that building and sending requests neither
 * shares the API's event loop nor counts in its CPU time. It runs the phase it is sent and sends
 * back one sample per request.
 */
export interface Phase {
  kind: 'batch' | 'single' | 'otlp';
  /** The API processes to send to: batch client i sends to urls[i % urls.length], single events to the first. */
  urls: string[];
  token: string;
  durationMs: number;
  /** batch and otlp: concurrent clients, each sending its next batch when the previous one is answered. */
  clients: number;
  batchSize: number;
  /** otlp: spans per export (the batch span processor's default is 512). */
  spansPerExport: number;
  /** single: requests per second, sent on schedule whether or not earlier ones are answered. */
  rate: number;
  seed: number;
}

export interface Sample {
  /** When the request was answered, in ms from the start of the phase. */
  doneMs: number;
  /** From sending (batch) or from its scheduled time (single) to the whole answer. */
  latencyMs: number;
  /** Events the answer says were accepted. */
  accepted: number;
  error?: string;
}

// Kinds that need no other event first, so that single events may be answered in any order.
const INDEPENDENT: EventKind[] = [
  'login',
  'agentExecution',
  'toolExecution',
  'workflow',
  'plan',
  'conversationMessage',
];

async function post(url: string, phase: Phase, body: string): Promise<{ data?: Record<string, any>; error?: string }> {
  try {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${phase.token}` },
      body,
    });
    const answer = (await response.json()) as {
      data?: Record<string, any>;
      errors?: { message: string; extensions?: { code?: string } }[];
    };
    if (response.status !== 200 || answer.errors) {
      return {
        error:
          `HTTP ${response.status} ${answer.errors?.[0]?.extensions?.code ?? ''} ${answer.errors?.[0]?.message ?? ''}`.trim(),
      };
    }
    return { data: answer.data };
  } catch (error) {
    return { error: `network: ${(error as Error).message}` };
  }
}

/** Live traffic: event times start a few minutes before now, as a platform's recent activity. */
const recentBase = () => new Date(Date.now() - 10 * 60_000).toISOString();

async function batchPhase(phase: Phase): Promise<Sample[]> {
  const samples: Sample[] = [];
  const started = performance.now();
  const client = async (id: number) => {
    for (let n = 0; performance.now() - started < phase.durationMs; n++) {
      const { events } = mixedBatch(phase.batchSize, phase.seed + id * 1_000_000 + n, recentBase());
      const body = JSON.stringify({ query: INGEST, variables: { events } });
      const sent = performance.now();
      const { data, error } = await post(phase.urls[id % phase.urls.length], phase, body);
      const rejected = data ? (data.ingest.rejected as number) : 0;
      samples.push({
        doneMs: performance.now() - started,
        latencyMs: performance.now() - sent,
        accepted: data ? (data.ingest.accepted as number) : 0,
        error: error ?? (rejected > 0 ? `${rejected} events rejected` : undefined),
      });
    }
  };
  await Promise.all(Array.from({ length: phase.clients }, (_, id) => client(id)));
  return samples;
}

/**
 * OTLP exports as an instrumented service's batch span processor sends them: spans of whole traces
 * (a workflow of agents, model and tool calls, 8 spans each) made by the OpenTelemetry SDK and
 * encoded by the protobuf exporter's own serializer, `spansPerExport` to a request, to the first API.
 */
async function otlpPhase(phase: Phase): Promise<Sample[]> {
  const samples: Sample[] = [];
  const started = performance.now();
  const client = async () => {
    while (performance.now() - started < phase.durationMs) {
      const spans = [];
      while (spans.length < phase.spansPerExport)
        spans.push(...makeSpans(researchTrace(Date.now() - 10 * 60_000, `user-${spans.length % 7}`)));
      const body = ProtobufTraceSerializer.serializeRequest(spans.slice(0, phase.spansPerExport))!;
      const sent = performance.now();
      let error: string | undefined;
      try {
        const response = await fetch(`${phase.urls[0]}/v1/traces`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-protobuf', authorization: `Bearer ${phase.token}` },
          body,
        });
        const answer = ExportTraceServiceResponse.toObject(
          ExportTraceServiceResponse.decode(new Uint8Array(await response.arrayBuffer())),
          { longs: Number }
        );
        if (response.status !== 200) error = `HTTP ${response.status}`;
        else if (answer.partialSuccess?.rejectedSpans) error = `${answer.partialSuccess.rejectedSpans} spans rejected`;
      } catch (failure) {
        error = `network: ${(failure as Error).message}`;
      }
      samples.push({
        doneMs: performance.now() - started,
        latencyMs: performance.now() - sent,
        accepted: error ? 0 : Math.min(spans.length, phase.spansPerExport),
        error,
      });
    }
  };
  await Promise.all(Array.from({ length: phase.clients }, () => client()));
  return samples;
}

async function singlePhase(phase: Phase): Promise<Sample[]> {
  const count = Math.floor((phase.durationMs / 1000) * phase.rate);
  const events: BatchEvent[] = [];
  for (let seed = phase.seed; events.length < count; seed++) {
    events.push(
      ...mixedBatch(2_000, seed, recentBase()).events.filter((event) =>
        INDEPENDENT.includes(Object.keys(event)[0] as EventKind)
      )
    );
  }
  const bodies = events.slice(0, count).map((event) => {
    const [kind, input] = Object.entries(event)[0] as [EventKind, unknown];
    return {
      mutation: SINGLE[kind].mutation,
      body: JSON.stringify({ query: singleDocument(kind, 'id'), variables: { event: input } }),
    };
  });
  const samples: Sample[] = [];
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  for (const [i, { mutation, body }] of bodies.entries()) {
    const due = started + (i * 1000) / phase.rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(
      post(phase.urls[0], phase, body).then(({ data, error }) => {
        samples.push({
          doneMs: performance.now() - started,
          latencyMs: performance.now() - due,
          accepted: data?.[mutation]?.id ? 1 : 0,
          error,
        });
      })
    );
  }
  await Promise.all(inFlight);
  return samples;
}

process.once('message', (phase: Phase) => {
  const cpu = process.cpuUsage();
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  ({ batch: batchPhase, single: singlePhase, otlp: otlpPhase })
    [phase.kind](phase)
    .then(
      (samples) => {
        const used = process.cpuUsage(cpu);
        loop.disable();
        return {
          samples,
          cpuMs: (used.user + used.system) / 1000,
          eventLoopDelayMs: { p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
        };
      },
      (error: Error) => ({ failure: error.stack ?? String(error) })
    )
    .then((result) => process.send!(result, () => process.disconnect()));
});
