import { DataSource } from 'typeorm';
import { IngestService } from '../ingest/ingest.service';
import { keepAttribute, RESOURCE_KEYS } from './gen-ai-semantics';
import { ModelPrices } from './model-prices';
import { ParsedRequest, readExportRequest, ReceivedSpan } from './otlp-request';
import { SpanStore } from './span-store';
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
 * its spans (committed) before it reads its traces, then records what the whole trace says. After
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
    private readonly batchMaxEvents: number,
  ) {
    this.store = new SpanStore(dataSource);
  }

  async export(request: ParsedRequest): Promise<ExportResult> {
    const reasons = request.rejected.map(({ spanIndex, reason }) => `span ${spanIndex}: ${reason}`);
    const refused = await this.record(request.spans, reasons);
    const rejectedSpans = request.rejected.length + refused;
    const shown = reasons.slice(0, MESSAGE_REASONS).join('; ');
    const more = reasons.length > MESSAGE_REASONS ? ` (and ${reasons.length - MESSAGE_REASONS} more)` : '';
    return { rejectedSpans, errorMessage: rejectedSpans === 0 ? '' : `${rejectedSpans} span(s) rejected: ${shown}${more}` };
  }

  /** Keeps and records the spans; returns how many of them were refused (their reasons added to `reasons`). */
  private async record(spans: ReceivedSpan[], reasons: string[]): Promise<number> {
    if (spans.length === 0) return 0;
    // A span sent twice in one request counts once.
    const unique = [...new Map(spans.map((span) => [`${span.traceId}-${span.spanId}`, span])).values()];
    await this.store.add(unique);
    const traceIds = [...new Set(unique.map((span) => span.traceId))];
    const ours = new Set(unique.map((span) => `${span.traceId}-${span.spanId}`));
    let refused = new Map<string, string>();
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const kept = await this.store.traces(traceIds);
      const seen = new Set(kept.map((span) => `${span.traceId}-${span.spanId}`));
      const byTrace = new Map<string, ReceivedSpan[]>();
      for (const span of kept) byTrace.set(span.traceId, [...(byTrace.get(span.traceId) ?? []), span]);
      const events: (SpanEvent & { traceId: string })[] = [];
      for (const [traceId, traceSpans] of byTrace) {
        for (const event of traceEvents(traceSpans, this.prices)) events.push({ ...event, traceId });
      }
      refused = await this.submit(events, ours);
      const now = await this.store.spanIds(traceIds);
      if ([...now].every((id) => seen.has(id))) break;
    }
    const refusedSpans = unique.filter((span) => refused.has(`${span.traceId}-${span.spanId}`));
    for (const span of refusedSpans) reasons.push(`span ${span.spanId}: ${refused.get(`${span.traceId}-${span.spanId}`)}`);
    await this.store.remove(refusedSpans);
    return refusedSpans.length;
  }

  /** Records the events, a batch at a time; returns this request's spans whose events were refused, with why. */
  private async submit(events: (SpanEvent & { traceId: string })[], ours: Set<string>): Promise<Map<string, string>> {
    const refused = new Map<string, string>();
    for (let start = 0; start < events.length; start += this.batchMaxEvents) {
      const batch = events.slice(start, start + this.batchMaxEvents);
      const result = await this.ingest.recordBatch(batch.map(({ event }) => event));
      for (const outcome of result.results) {
        if (outcome.accepted) continue;
        const { traceId, spanId } = batch[outcome.index];
        const id = `${traceId}-${spanId}`;
        if (ours.has(id) && !refused.has(id)) refused.set(id, `${outcome.error!.field.replace(/^events\[\d+\]\./, '')}: ${outcome.error!.message}`);
      }
    }
    return refused;
  }
}
