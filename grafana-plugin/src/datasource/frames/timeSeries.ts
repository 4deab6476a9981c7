import {
  createDataFrame,
  type DataFrame,
  DataFrameType,
  type FieldConfig,
  FieldType,
  type Labels,
} from '@grafana/data';
import type { StatsDimension, StatsMeasure } from '../types';
import { ratioConfig, UNITS } from './table';

/** The API's TimeSeries: values of each series are parallel to `times`, zero-filled by the API. */
export interface ApiTimeSeries {
  measure: StatsMeasure;
  interval: string;
  intervalSeconds: number;
  times: string[];
  series: Array<{ key: string; label: string; values: Array<number | null> }>;
}

export const TIME_SERIES_SELECTION = '{ measure interval intervalSeconds times series { key label values } }';

export function measureUnit(measure: StatsMeasure | undefined): string {
  switch (measure) {
    case 'COST_USD':
      return UNITS.usd;
    case 'SUCCESS_RATE':
      return UNITS.ratio;
    case 'AVG_DURATION_MS':
    case 'P50_DURATION_MS':
    case 'P95_DURATION_MS':
    case 'P99_DURATION_MS':
      return UNITS.durationMs;
    default:
      return UNITS.count;
  }
}

/** Series keys whose unit is not the measure's (agentStats.dailyUsage mixes tokens and cost). */
const SERIES_UNITS: Record<string, string> = { costUsd: UNITS.usd };

function valueConfig(measure: StatsMeasure, key: string, label: string): FieldConfig {
  const unit = SERIES_UNITS[key] ?? measureUnit(measure);
  return {
    displayNameFromDS: label,
    unit,
    ...(unit === UNITS.ratio ? ratioConfig : {}),
  };
}

/**
 * One wide frame: a time field and one number field per series. With a group-by, each series
 * carries its key as a Grafana label ({agent: "researcher"}), so legends and overrides can use it.
 */
export function timeSeriesToFrame(
  series: ApiTimeSeries,
  refId: string,
  name?: string,
  groupBy?: StatsDimension
): DataFrame {
  const labelName = groupBy?.toLowerCase();
  return createDataFrame({
    refId,
    name,
    meta: { type: DataFrameType.TimeSeriesWide, custom: { interval: series.interval } },
    fields: [
      {
        name: 'time',
        type: FieldType.time,
        // The bucket size, so Grafana knows the points are evenly spaced.
        config: { interval: series.intervalSeconds * 1000 },
        values: series.times.map((t) => Date.parse(t)),
      },
      ...series.series.map((s) => {
        const labels: Labels | undefined = labelName ? { [labelName]: s.key } : undefined;
        return {
          name: s.key,
          type: FieldType.number,
          labels,
          config: valueConfig(series.measure, s.key, s.label),
          values: s.values,
        };
      }),
    ],
  });
}
