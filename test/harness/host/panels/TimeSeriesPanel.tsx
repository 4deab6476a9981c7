import { type DataFrame, FieldType, type PanelProps } from '@grafana/data';
import type { VizLegendOptions } from '@grafana/schema';
import { TimeSeries } from '@grafana/ui';
import React, { useMemo } from 'react';
import { NoData } from './NoData';

export interface TimeSeriesOptions {
  legend: VizLegendOptions;
}

/** Frames a graph can draw: a time field and at least one number field. */
const graphable = (frames: DataFrame[]) =>
  frames.filter(
    (frame) =>
      frame.fields.some((f) => f.type === FieldType.time) && frame.fields.some((f) => f.type === FieldType.number)
  );

/** Stand-in for Grafana's time series panel: @grafana/ui's TimeSeries (uPlot) with its legend. */
export function TimeSeriesPanel({ data, options, timeRange, timeZone, width, height }: PanelProps<TimeSeriesOptions>) {
  const frames = useMemo(() => graphable(data.series), [data.series]);
  if (frames.length === 0) {
    return <NoData />;
  }
  return (
    <TimeSeries
      frames={frames}
      structureRev={data.structureRev}
      timeRange={timeRange}
      timeZone={timeZone}
      width={width}
      height={height}
      legend={options.legend}
      options={options}
    />
  );
}
