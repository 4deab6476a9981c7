import { monitorEventLoopDelay } from 'node:perf_hooks';
import { BatchEvent, EventKind, INGEST, SINGLE, singleDocument } from '../test/support/events';
import { mixedBatch } from '../test/support/mixed';

/**
 * The load generator, run as a child process so that building and sending requests neither
 * shares the API's event loop nor counts in its CPU time. It runs the phase it is sent and sends
 * back one sample per request.
 */
export interface Phase {
  kind: 'batch' | 'single';
  /** The API processes to send to: batch client i sends to urls[i % urls.length], single events to the first. */
  urls: string[];
  token: string;
  durationMs: number;
  /** batch: concurrent clients, each sending its next batch when the previous one is answered. */
  clients: number;
  batchSize: number;
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
const INDEPENDENT: EventKind[] = ['login', 'agentExecution', 'toolExecution', 'workflow', 'plan', 'conversationMessage'];

async function post(url: string, phase: Phase, body: string): Promise<{ data?: Record<string, any>; error?: string }> {
  try {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${phase.token}` },
      body,
    });
    const answer = (await response.json()) as { data?: Record<string, any>; errors?: { message: string; extensions?: { code?: string } }[] };
    if (response.status !== 200 || answer.errors) {
      return { error: `HTTP ${response.status} ${answer.errors?.[0]?.extensions?.code ?? ''} ${answer.errors?.[0]?.message ?? ''}`.trim() };
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

async function singlePhase(phase: Phase): Promise<Sample[]> {
  const count = Math.floor((phase.durationMs / 1000) * phase.rate);
  const events: BatchEvent[] = [];
  for (let seed = phase.seed; events.length < count; seed++) {
    events.push(...mixedBatch(2_000, seed, recentBase()).events.filter((event) => INDEPENDENT.includes(Object.keys(event)[0] as EventKind)));
  }
  const bodies = events.slice(0, count).map((event) => {
    const [kind, input] = Object.entries(event)[0] as [EventKind, unknown];
    return { mutation: SINGLE[kind].mutation, body: JSON.stringify({ query: singleDocument(kind, 'id'), variables: { event: input } }) };
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
        samples.push({ doneMs: performance.now() - started, latencyMs: performance.now() - due, accepted: data?.[mutation]?.id ? 1 : 0, error });
      }),
    );
  }
  await Promise.all(inFlight);
  return samples;
}

process.once('message', (phase: Phase) => {
  const cpu = process.cpuUsage();
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  (phase.kind === 'batch' ? batchPhase(phase) : singlePhase(phase))
    .then(
      (samples) => {
        const used = process.cpuUsage(cpu);
        loop.disable();
        return { samples, cpuMs: (used.user + used.system) / 1000, eventLoopDelayMs: { p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 } };
      },
      (error: Error) => ({ failure: error.stack ?? String(error) }),
    )
    .then((result) => process.send!(result, () => process.disconnect()));
});
