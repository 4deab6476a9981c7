import { EntityManager, ObjectLiteral } from 'typeorm';
import { Dialect } from '../src/db/dialect';
import { bucketStart, Resolution, RESOLUTIONS } from '../src/rollups/buckets';
import { addSums } from '../src/rollups/sums';
import { BinDelta as BinRow, RollupDelta as RollupRow, RollupDeltas, writeRollups } from '../src/rollups/rollup.writer';

type Key = RollupRow['key'];

/**
 * The rollups of a history generated day by day into empty tables, summed by the RollupDeltas
 * ingestion uses. A day's rows are held back while a later day can still add to their bucket
 * (months, and hours and days that straddle the day's end) and summed until then, so every
 * row is written once rather than added to again and again. Each day is written while the next one
 * is generated.
 */
export class RollupLoad {
  private day: RollupDeltas;
  private readonly heldRollups = new Map<string, RollupRow>();
  private readonly heldBins = new Map<string, BinRow>();
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly manager: EntityManager,
    private readonly dialect: Dialect,
    private readonly minuteFloor: number
  ) {
    this.day = new RollupDeltas(minuteFloor);
  }

  add(entity: string, record: ObjectLiteral): void {
    this.day.addChange({ entity, before: null, after: record });
  }

  /** Ends a day: no record added after this counts before `minute`. */
  async endDay(minute: number): Promise<void> {
    await this.writing;
    // The first bucket of each resolution that a later record can reach.
    const firstOpen = new Map(RESOLUTIONS.map((res) => [res, bucketStart(res, minute)]));
    const closed = (key: Key) => firstOpen.get(key[2] as Resolution)! > (key[3] as number);
    const rows = new SummedRows(
      settle(this.heldRollups, this.day.rollupRows(), closed, (held, row) => addSums(held.sums, row.sums)),
      settle(this.heldBins, this.day.binRows(), closed, (held, row) => (held.n += row.n))
    );
    this.day = new RollupDeltas(this.minuteFloor);
    this.writing = this.write(rows);
  }

  /** Writes the rows still held; after the last day. */
  async finish(): Promise<void> {
    await this.writing;
    await this.write(new SummedRows([...this.heldRollups.values()], [...this.heldBins.values()]));
  }

  private write(rows: SummedRows): Promise<void> {
    const written = writeRollups(this.manager, this.dialect, rows);
    // Awaited by the next endDay or finish; until then a failure must not count as unhandled.
    written.catch(() => undefined);
    return written;
  }
}

/** Rows summed here rather than by RollupDeltas, handed to writeRollups, which reads them through these two methods. */
class SummedRows extends RollupDeltas {
  constructor(
    private readonly rollupList: RollupRow[],
    private readonly binList: BinRow[]
  ) {
    super();
  }

  override rollupRows(): RollupRow[] {
    return this.rollupList;
  }

  override binRows(): BinRow[] {
    return this.binList;
  }
}

/** Adds the day's rows to the held ones and returns (and lets go of) those whose bucket is closed. */
function settle<T extends { key: Key }>(
  held: Map<string, T>,
  rows: T[],
  closed: (key: Key) => boolean,
  merge: (held: T, row: T) => void
): T[] {
  const done: T[] = [];
  for (const row of rows) {
    const id = row.key.join('\u0000');
    const before = held.get(id);
    if (before) merge(before, row);
    else if (closed(row.key)) done.push(row);
    else held.set(id, row);
  }
  for (const [id, row] of held) {
    if (!closed(row.key)) continue;
    done.push(row);
    held.delete(id);
  }
  return done;
}
