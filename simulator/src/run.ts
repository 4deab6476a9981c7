import { setTimeout as sleep } from 'node:timers/promises';
import { AgentmonClient, EventSender, Rejection, Tally } from './client';
import { SimEvent } from './events';
import { OtlpSender, splitSpans } from './otlp';
import { Scenario } from './scenario';
import { createWorld, WorldOptions } from './world';

export interface SimulationOptions extends WorldOptions {
  url: string;
  token: string;
  /** Live events per second (on average, once sessions are under way). */
  rate: number;
  /** How long the live phase lasts; Infinity runs until stopped, 0 skips it. */
  durationSeconds: number;
  /** History written first, through batches, up to now (or `until`). */
  backfillMs: number;
  /** The history ends here instead of now; with a seed this replays the very same events. */
  until?: Date;
  batchSize: number;
  single: boolean;
  /** Agent and tool executions go as OTLP spans to /v1/traces; everything else as GraphQL events. */
  otlp?: boolean;
}

export interface SimulationHooks {
  /** Human-readable progress lines. */
  log(line: string): void;
  /** Stops the live phase (the batch under way is finished first). */
  signal?: AbortSignal;
}

export interface SimulationResult {
  tally: Tally;
  /** Where the history ended: with the seed, what replays it. */
  historyEnd: Date;
  historyEvents: number;
  liveEvents: number;
  elapsedMs: number;
}

const HISTORY_SLICE_MS = 3_600_000;
// Sessions play out over minutes: when the last 15 minutes of history already run at the live
// pace, live events start at the full rate.
const WARM_UP_MS = 15 * 60_000;
const TICK_MS = 1_000;
const PROGRESS_EVERY_MS = 30_000;
const REJECTIONS_SHOWN = 10;

/** Waits, or less when stopped (an abort ends the wait instead of failing it). */
const pause = (ms: number, signal?: AbortSignal) => sleep(ms, undefined, { signal }).catch(() => undefined);

function describeRejection(rejection: Rejection, event: SimEvent): string {
  return `rejected ${rejection.kind} (${rejection.code} at ${rejection.field}): ${rejection.message}\n  event: ${JSON.stringify(event).slice(0, 400)}`;
}

/** Writes the history quickly, then events as they happen, until the duration ends or it is stopped. */
export async function runSimulation(options: SimulationOptions, hooks: SimulationHooks): Promise<SimulationResult> {
  const began = Date.now();
  const now = options.until?.getTime() ?? began;
  const live = options.until === undefined && options.durationSeconds > 0 && options.rate > 0;
  const start = now - options.backfillMs;
  const world = createWorld(options);
  const scenario = new Scenario(world, {
    seed: options.seed,
    start: new Date(start),
    live: live ? { from: new Date(Math.max(start, now - WARM_UP_MS)), eventsPerSecond: options.rate } : undefined,
  });
  const sender = new EventSender(new AgentmonClient(options.url, options.token), {
    batchSize: options.batchSize,
    single: options.single,
    onRejected(rejection, event) {
      const shown = sender.tally.rejectedTotal;
      if (shown <= REJECTIONS_SHOWN) hooks.log(describeRejection(rejection, event));
      if (shown === REJECTIONS_SHOWN) hooks.log('(further rejections are counted, not shown)');
    },
  });

  const otlp = options.otlp
    ? new OtlpSender(options.url.replace(/\/graphql$/, '/v1/traces'), options.token, sender.tally)
    : null;
  const send = async (events: SimEvent[]) => {
    if (!otlp) return sender.send(events);
    const { spans, rest } = splitSpans(events);
    await sender.send(rest);
    await otlp.send(spans);
  };

  let historyEvents = 0;
  for (let until = Math.min(start + HISTORY_SLICE_MS, now); ; until = Math.min(until + HISTORY_SLICE_MS, now)) {
    const events = scenario.take(new Date(until));
    await send(events);
    historyEvents += events.length;
    if (until === now || hooks.signal?.aborted) break;
  }
  if (options.backfillMs > 0) {
    hooks.log(
      `history: ${historyEvents} events up to ${new Date(now).toISOString()} in ${((Date.now() - began) / 1000).toFixed(1)} s`
    );
  }

  let liveEvents = 0;
  if (live) {
    const liveStart = Date.now();
    const end = liveStart + options.durationSeconds * 1000;
    let nextProgress = liveStart + PROGRESS_EVERY_MS;
    hooks.log(`live: about ${options.rate} events/s${Number.isFinite(end) ? ` for ${options.durationSeconds} s` : ''}`);
    while (!hooks.signal?.aborted && Date.now() < end) {
      await pause(Math.min(TICK_MS, end - Date.now()), hooks.signal);
      const events = scenario.take(new Date(Math.min(Date.now(), end)));
      await send(events);
      liveEvents += events.length;
      if (Date.now() >= nextProgress) {
        hooks.log(
          `live: ${liveEvents} events in ${Math.round((Date.now() - liveStart) / 1000)} s, ${sender.tally.rejectedTotal} rejected`
        );
        nextProgress += PROGRESS_EVERY_MS;
      }
    }
  }
  return { tally: sender.tally, historyEnd: new Date(now), historyEvents, liveEvents, elapsedMs: Date.now() - began };
}
