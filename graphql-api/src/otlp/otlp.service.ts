import { DataSource } from 'typeorm';
import { IngestService } from '../ingest/ingest.service';
import { keepAttribute, RESOURCE_KEYS } from './gen-ai-semantics';
import { ModelPrices } from './model-prices';
import { ParsedRequest, readExportRequest, ReceivedSpan } from './otlp-request';
import { spanKey, SpanStore } from './span-store';
import { SpanEvent, traceEvents } from './trace-events';

/** How often a trace is mapped again when other spans of it arrived meanwhile (another request, another replica). */
const MAX_ROUNDS = 5;
const MESSAGE_REASONS = 5;

export interface ExportResult {
  rejectedSpans: number;
  /** Why, for the first few; empty when every span was used. */
  errorMessage: string;
}

/**
 * Takes OTLP trace exports: keeps their spans, maps each touched trace's spans to events and
 * records them through the same IngestService as the GraphQL mutations (so rollups and stats have
 * one path).
 *
 * Spans of one trace may arrive in any order, over several requests and replicas. Each request keeps
 * its spans, then reads which spans its traces have (its own committed before it maps them), then
 * records what the whole trace says. After
 * recording it reads the traces' span ids again: if spans came meanwhile it records again. So the
 * last write of every record was computed from every span committed before it, whichever replica
 * wrote it, and a replay computes the same records again, which changes nothing.
 */
export class OtlpService {
  private readonly store: SpanStore;
  readonly parse = (body: unknown): ParsedRequest => readExportRequest(body, keepAttribute, RESOURCE_KEYS);

  constructor(
    dataSource: DataSource,
    private readonly ingest: IngestService,
    private readonly prices: ModelPrices,
    private readonly batchMaxEvents: number
  ) {
    this.store = new SpanStore(dataSource);
  }

  async export(request: ParsedRequest): Promise<ExportResult> {
    const reasons = request.rejected.map(({ spanIndex, reason }) => `span ${spanIndex}: ${reason}`);
    const refused = await this.record(request.spans, reasons);
    const rejectedSpans = request.rejected.length + refused;
    const shown = reasons.slice(0, MESSAGE_REASONS).join('; ');
    const more = reasons.length > MESSAGE_REASONS ? ` (and ${reasons.length - MESSAGE_REASONS} more)` : '';
    return {
      rejectedSpans,
      errorMessage: rejectedSpans === 0 ? '' : `${rejectedSpans} span(s) rejected: ${shown}${more}`,
    };
  }

  /** Keeps and records the spans; returns how many of them were refused (their reasons added to `reasons`). */
  private async record(spans: ReceivedSpan[], reasons: string[]): Promise<number> {
    if (spans.length === 0) return 0;
    // A span sent twice in one request counts once.
    const ours = new Map(spans.map((span) => [spanKey(span), span]));
    const unique = [...ours.values()];
    let kept = await this.store.add(unique);
    const traceIds = [...new Set(unique.map((span) => span.traceId))];
    let refused = new Map<string, string>();
    for (let round = 0; round < MAX_ROUNDS; round++) {
      // Only traces with spans from elsewhere are read back (an export of whole traces reads none).
      const others = new Set([...kept].filter((key) => !ours.has(key)).map((key) => key.slice(0, key.indexOf('-'))));
      const stored =
        others.size === 0 ? [] : (await this.store.spans([...others])).filter((span) => !ours.has(spanKey(span)));
      const byTrace = new Map<string, ReceivedSpan[]>();
      for (const span of [...unique, ...stored]) {
        const trace = byTrace.get(span.traceId);
        if (trace) trace.push(span);
        else byTrace.set(span.traceId, [span]);
      }
      const events: (SpanEvent & { traceId: string })[] = [];
      for (const [traceId, traceSpans] of byTrace) {
        for (const event of traceEvents(traceSpans, this.prices)) events.push({ traceId, ...event });
      }
      refused = await this.submit(events, ours);
      const now = await this.store.spanKeys(traceIds);
      const arrived = [...now].some((key) => !kept.has(key));
      kept = now;
      if (!arrived) break;
    }
    const refusedSpans = unique.filter((span) => refused.has(spanKey(span)));
    for (const span of refusedSpans) reasons.push(`span ${span.spanId}: ${refused.get(spanKey(span))}`);
    if (refusedSpans.length > 0) await this.store.remove(refusedSpans);
    return refusedSpans.length;
  }

  /** Records the events, a batch at a time; returns this request's spans whose events were refused, with why. */
  private async submit(
    events: (SpanEvent & { traceId: string })[],
    ours: Map<string, ReceivedSpan>
  ): Promise<Map<string, string>> {
    const refused = new Map<string, string>();
    for (let start = 0; start < events.length; start += this.batchMaxEvents) {
      const batch = events.slice(start, start + this.batchMaxEvents);
      const result = await this.ingest.recordBatch(batch.map(({ event }) => event));
      for (const outcome of result.results) {
        if (outcome.accepted) continue;
        const { traceId, spanId } = batch[outcome.index];
        const id = `${traceId}-${spanId}`;
        if (ours.has(id) && !refused.has(id))
          refused.set(id, `${outcome.error!.field.replace(/^events\[\d+\]\./, '')}: ${outcome.error!.message}`);
      }
    }
    return refused;
  }
}
