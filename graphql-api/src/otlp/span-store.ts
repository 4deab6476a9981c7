import { DataSource, In } from 'typeorm';
import { inTransaction } from '../db/transaction';
import { OtlpSpan } from './otlp-span.entity';
import { ReceivedSpan } from './otlp-request';

const ROWS_PER_STATEMENT = 500;

/** The spans received so far, by trace: where a span waits for its parent, and a replay is recognised. */
export class SpanStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Keeps spans not yet kept (a replayed span keeps its first version); committed when this returns. */
  async add(spans: readonly ReceivedSpan[]): Promise<void> {
    const receivedAt = new Date();
    await inTransaction(this.dataSource, async (manager) => {
      for (let start = 0; start < spans.length; start += ROWS_PER_STATEMENT) {
        const rows = spans.slice(start, start + ROWS_PER_STATEMENT).map((span) => ({ traceId: span.traceId, spanId: span.spanId, spanJson: JSON.stringify(span), receivedAt }));
        await manager.createQueryBuilder().insert().into(OtlpSpan).values(rows).orIgnore().updateEntity(false).execute();
      }
    });
  }

  /** Every kept span of these traces. */
  async traces(traceIds: readonly string[]): Promise<ReceivedSpan[]> {
    return this.read(traceIds, ['spanJson'], (row) => JSON.parse(row.spanJson) as ReceivedSpan);
  }

  /** The ids of every kept span of these traces, as "trace-span". */
  async spanIds(traceIds: readonly string[]): Promise<Set<string>> {
    return new Set(await this.read(traceIds, ['traceId', 'spanId'], (row) => `${row.traceId}-${row.spanId}`));
  }

  /** Forgets spans whose records were refused, so nothing of them stays. */
  async remove(spans: readonly ReceivedSpan[]): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      for (const span of spans) await manager.delete(OtlpSpan, { traceId: span.traceId, spanId: span.spanId });
    });
  }

  private async read<T>(traceIds: readonly string[], columns: (keyof OtlpSpan)[], map: (row: OtlpSpan) => T): Promise<T[]> {
    const result: T[] = [];
    await inTransaction(this.dataSource, async (manager) => {
      for (let start = 0; start < traceIds.length; start += ROWS_PER_STATEMENT) {
        const rows = await manager.find(OtlpSpan, { select: Object.fromEntries(columns.map((column) => [column, true])), where: { traceId: In(traceIds.slice(start, start + ROWS_PER_STATEMENT)) } });
        for (const row of rows) result.push(map(row));
      }
    });
    return result;
  }
}
