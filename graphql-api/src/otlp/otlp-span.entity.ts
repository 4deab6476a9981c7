import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../common/columns';

/** A received span, kept by trace and span id: what the mapping reads of it, as JSON (span-store.ts's StoredSpan). */
@Entity('otlp_spans')
export class OtlpSpan {
  @PrimaryColumn({ name: 'trace_id', type: 'varchar', length: 32 })
  traceId: string;

  @PrimaryColumn({ name: 'span_id', type: 'varchar', length: 16 })
  spanId: string;

  // MEDIUMTEXT on MySQL (see the migration).
  @Column({ name: 'span_json', type: 'text' })
  spanJson: string;

  @Column({ name: 'received_at', ...TIMESTAMP })
  receivedAt: Date;
}
