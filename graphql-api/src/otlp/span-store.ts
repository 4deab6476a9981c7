import { DataSource, EntityManager } from 'typeorm';
import { chunks, Dialect, dialectOf, placeholders, rowsPerStatement } from '../db/dialect';
import { inTransaction } from '../db/transaction';
import { Attributes, ReceivedSpan } from './otlp-request';

const TABLE = 'otlp_spans';

/** "trace-span": how the service tells spans apart. */
export const spanKey = (span: { traceId: string; spanId: string }) => `${span.traceId}-${span.spanId}`;

const KEY_COLUMNS = 'trace_id, span_id';
type KeyRow = { trace_id: string; span_id: string };
const keysOf = (rows: KeyRow[]) => new Set(rows.map((row) => spanKey({ traceId: row.trace_id, spanId: row.span_id })));

/**
 * A span as span_json holds it: a ReceivedSpan less its ids (the row's key columns), by position,
 * with what is usually empty (status, exception, attributes) left off the end: about half the
 * bytes of the object, the longest statement of an export. Rows written before are ReceivedSpan
 * objects, read as they are.
 */
type StoredSpan = [
  parentSpanId: string | null,
  name: string,
  startMs: number,
  endMs: number,
  resource: Attributes,
  attributes?: Attributes,
  statusCode?: number,
  statusMessage?: string | null,
  exception?: ReceivedSpan['exception'],
];

/** Says nothing a ReceivedSpan's default would not: no status, no message, no exception, no attributes. */
const isEmpty = (value: unknown) =>
  value === null || value === 0 || (typeof value === 'object' && Object.keys(value as object).length === 0);

function stored(span: ReceivedSpan): string {
  const row: StoredSpan = [
    span.parentSpanId,
    span.name,
    span.startMs,
    span.endMs,
    span.resource,
    span.attributes,
    span.statusCode,
    span.statusMessage,
    span.exception,
  ];
  while (row.length > 5 && isEmpty(row[row.length - 1])) row.pop();
  return JSON.stringify(row);
}

function received(row: { trace_id: string; span_id: string; span_json: string }): ReceivedSpan {
  const parsed = JSON.parse(row.span_json) as StoredSpan | ReceivedSpan;
  if (!Array.isArray(parsed)) return parsed;
  const [parentSpanId, name, startMs, endMs, resource, attributes, statusCode, statusMessage, exception] = parsed;
  return {
    traceId: row.trace_id,
    spanId: row.span_id,
    parentSpanId,
    name,
    startMs,
    endMs,
    statusCode: statusCode ?? 0,
    statusMessage: statusMessage ?? null,
    attributes: attributes ?? {},
    resource,
    exception: exception ?? null,
  };
}

/**
 * The spans received so far, by trace (table otlp_spans, see OtlpSpan): where a span waits for its
 * parent, and a replay is recognised. Plain SQL, as these statements run for every export.
 */
export class SpanStore {
  private readonly dialect: Dialect;

  constructor(private readonly dataSource: DataSource) {
    this.dialect = dialectOf(dataSource);
  }

  /**
   * Keeps spans not yet kept (a replayed span keeps its first version) and returns the keys of every
   * kept span of their traces, read once they are written; committed when this returns. An export
   * is one INSERT, which on MySQL commits by itself.
   */
  async add(spans: readonly ReceivedSpan[]): Promise<Set<string>> {
    const receivedAt = this.dialect.timestamp(new Date());
    const q = this.dialect.quote;
    // Four parameters a span: trace, span, JSON and time.
    const statements = chunks(spans, rowsPerStatement(4));
    return inTransaction(
      this.dataSource,
      async (manager) => {
        for (const chunk of statements) {
          await manager.query(
            `INSERT INTO ${TABLE} (trace_id, span_id, span_json, received_at) VALUES ${chunk.map(() => '(?, ?, ?, ?)').join(', ')} ` +
              `${this.dialect.onConflict(['trace_id', 'span_id'])} ${q('received_at')} = ${q(TABLE)}.${q('received_at')}`,
            chunk.flatMap((span) => [span.traceId, span.spanId, stored(span), receivedAt])
          );
        }
        return keysOf(
          await this.selectIn<KeyRow>(manager, KEY_COLUMNS, [...new Set(spans.map((span) => span.traceId))])
        );
      },
      { autocommit: statements.length === 1 }
    );
  }

  /** The keys of every kept span of these traces. */
  async spanKeys(traceIds: readonly string[]): Promise<Set<string>> {
    return keysOf(await this.select<KeyRow>(KEY_COLUMNS, traceIds));
  }

  /** Every kept span of these traces. */
  async spans(traceIds: readonly string[]): Promise<ReceivedSpan[]> {
    return (await this.select<KeyRow & { span_json: string }>(`${KEY_COLUMNS}, span_json`, traceIds)).map(received);
  }

  /** Forgets spans whose records were refused, so nothing of them stays. */
  async remove(spans: readonly ReceivedSpan[]): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      for (const span of spans)
        await manager.query(`DELETE FROM ${TABLE} WHERE trace_id = ? AND span_id = ?`, [span.traceId, span.spanId]);
    });
  }

  private select<T>(columns: string, traceIds: readonly string[]): Promise<T[]> {
    // On SQLite's one connection, a read outside a transaction would see another's uncommitted rows.
    return inTransaction(this.dataSource, (manager) => this.selectIn<T>(manager, columns, traceIds), {
      autocommit: true,
    });
  }

  private async selectIn<T>(manager: EntityManager, columns: string, traceIds: readonly string[]): Promise<T[]> {
    const rows: T[] = [];
    for (const chunk of chunks(traceIds)) {
      rows.push(
        ...((await manager.query(
          `SELECT ${columns} FROM ${TABLE} WHERE trace_id IN (${placeholders(chunk)})`,
          chunk
        )) as T[])
      );
    }
    return rows;
  }
}
