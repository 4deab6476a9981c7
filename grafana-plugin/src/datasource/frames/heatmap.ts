import { createDataFrame, type DataFrame, DataFrameType, FieldType } from '@grafana/data';
import type { ApiTimeSeries } from './timeSeries';

/** The API's DurationDistribution: per row of duration bins, its counts parallel to `times`. */
export interface ApiDurationDistribution {
  interval: string;
  intervalSeconds: number;
  times: string[];
  rows: Array<{ lowerMs: number; upperMs: number | null; counts: number[] }>;
}

export const DISTRIBUTION_SELECTION = '{ interval intervalSeconds times rows { lowerMs upperMs counts } }';

/** A row's upper bound as a label: three significant digits of milliseconds, "+Inf" for the open-ended last row. */
export function boundLabel(upperMs: number | null): string {
  return upperMs === null ? '+Inf' : String(Number(upperMs.toPrecision(3)));
}

const timeField = (times: number[], intervalMs: number) => ({
  name: 'time',
  type: FieldType.time,
  config: { interval: intervalMs },
  values: times,
});

/**
 * Grafana's heatmap frame for pre-bucketed data ("heatmap-rows"): a time field, then one count
 * field per duration row, ordered from the shortest, each labelled `le` with its upper bound in
 * ms, as Prometheus histogram buckets are; the heatmap panel (calculate off, layout "le") draws
 * each as a row whose cells span from the bound below it.
 */
export function distributionToHeatmapFrame(
  distribution: ApiDurationDistribution,
  refId: string,
  name?: string
): DataFrame {
  return createDataFrame({
    refId,
    name,
    meta: { type: DataFrameType.HeatmapRows, custom: { interval: distribution.interval } },
    fields: [
      timeField(
        distribution.times.map((t) => Date.parse(t)),
        distribution.intervalSeconds * 1000
      ),
      ...distribution.rows.map((row) => {
        const le = boundLabel(row.upperMs);
        return {
          name: le,
          type: FieldType.number,
          labels: { le },
          config: { displayNameFromDS: le, unit: 'short' },
          values: row.counts,
        };
      }),
    ],
  });
}

const DAY_MS = 86_400_000;
const HOURS = Array.from({ length: 24 }, (_, hour) => hour);

/**
 * Hour of day by day from hourly counts: a heatmap-rows frame with one time value per UTC day
 * and one count field per hour of the day ("00:00" … "23:00"), the hours of a day summed over
 * every series.
 */
export function hourOfDayFrame(series: ApiTimeSeries, refId: string, name?: string): DataFrame {
  if (series.intervalSeconds !== 3600) {
    throw new Error(`An hour-of-day heatmap needs hourly buckets, got ${series.interval}.`);
  }
  const days = new Map<number, number[]>();
  series.times.forEach((time, i) => {
    const at = Date.parse(time);
    const day = Math.floor(at / DAY_MS) * DAY_MS;
    let hours = days.get(day);
    if (!hours) {
      days.set(day, (hours = HOURS.map(() => 0)));
    }
    const hour = new Date(at).getUTCHours();
    for (const s of series.series) {
      hours[hour] += s.values[i] ?? 0;
    }
  });
  const dayStarts = [...days.keys()].sort((a, b) => a - b);
  return createDataFrame({
    refId,
    name,
    meta: { type: DataFrameType.HeatmapRows },
    fields: [
      timeField(dayStarts, DAY_MS),
      ...HOURS.map((hour) => {
        const label = `${String(hour).padStart(2, '0')}:00`;
        return {
          name: label,
          type: FieldType.number,
          config: { displayNameFromDS: label, unit: 'short' },
          values: dayStarts.map((day) => days.get(day)![hour]),
        };
      }),
    ],
  });
}
