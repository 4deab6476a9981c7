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

const MARKERS_HEIGHT = 6;

/**
 * The page's annotations (data layers) as markers laid over the top edge of the graph, placed by
 * time over the panel's width (Grafana draws them on the graph's time axis), each titled with its
 * title and text. Laid over, not beside, so they change nothing of the graph's layout.
 */
function AnnotationMarkers({
  frames,
  from,
  to,
  width,
}: {
  frames: DataFrame[];
  from: number;
  to: number;
  width: number;
}) {
  const events = frames.flatMap((frame) => {
    const field = (name: string) => frame.fields.find((f) => f.name === name)?.values ?? [];
    const [time, title, text, color] = [field('time'), field('title'), field('text'), field('color')];
    return time.map((t, i) => ({
      time: Number(t),
      title: String(title[i] ?? ''),
      text: String(text[i] ?? ''),
      color: color[i],
    }));
  });
  const span = Math.max(1, to - from);
  return (
    <div
      style={{ position: 'absolute', top: 0, left: 0, width, height: MARKERS_HEIGHT, pointerEvents: 'none' }}
      data-testid="annotation-markers"
    >
      {events
        .filter((event) => event.time >= from && event.time <= to)
        .map((event, i) => (
          <div
            key={i}
            data-testid="annotation-marker"
            data-time={event.time}
            title={`${event.title}\n${event.text}`}
            style={{
              position: 'absolute',
              left: ((event.time - from) / span) * (width - 4),
              width: 4,
              height: MARKERS_HEIGHT,
              background: typeof event.color === 'string' ? event.color : 'currentColor',
            }}
          />
        ))}
    </div>
  );
}

/** Stand-in for Grafana's time series panel: @grafana/ui's TimeSeries (uPlot) with its legend, and annotation markers. */
export function TimeSeriesPanel({ data, options, timeRange, timeZone, width, height }: PanelProps<TimeSeriesOptions>) {
  const frames = useMemo(() => graphable(data.series), [data.series]);
  if (frames.length === 0) {
    return <NoData />;
  }
  const annotations = data.annotations ?? [];
  return (
    <>
      <TimeSeries
        frames={frames}
        structureRev={data.structureRev}
        timeRange={timeRange}
        timeZone={timeZone}
        width={width}
        height={annotations.length ? height - MARKERS_HEIGHT : height}
        legend={options.legend}
        options={options}
      />
      {annotations.length > 0 && (
        <AnnotationMarkers
          frames={annotations}
          from={timeRange.from.valueOf()}
          to={timeRange.to.valueOf()}
          width={width}
        />
      )}
    </>
  );
}
