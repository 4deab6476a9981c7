import { FieldType, type PanelProps, type ValueMapping } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import React from 'react';
import { NoData } from './NoData';
import { getSvgStyles } from './svgStyles';

/** The colour a value mapping gives a state, as Grafana's state timeline colours its bands. */
function mappedColor(mappings: ValueMapping[] | undefined, value: unknown): string | undefined {
  for (const mapping of mappings ?? []) {
    if (mapping.type === 'value' && typeof value === 'string' && mapping.options[value])
      return mapping.options[value].color;
  }
  return undefined;
}

/**
 * Stand-in for Grafana's state timeline panel (a core panel, not part of @grafana/ui): one band
 * per field over the frame's time field, each stretch coloured by the field's value mappings.
 * Each stretch names its state in data attributes and its title, so tests can read what is drawn.
 * Like Grafana's, it connects a state across null points when the field's spanNulls is set.
 */
export function StateTimelinePanel({ data, width, height }: PanelProps) {
  const theme = useTheme2();
  const styles = useStyles2(getSvgStyles);
  const bands = data.series.flatMap((frame) => {
    const time = frame.fields.find((field) => field.type === FieldType.time);
    return time
      ? frame.fields.filter((field) => field !== time).map((field) => ({ field, times: time.values.map(Number) }))
      : [];
  });
  if (bands.length === 0) return <NoData />;
  const from = data.timeRange.from.valueOf();
  const span = Math.max(1, data.timeRange.to.valueOf() - from);
  const labelWidth = 120;
  const bandHeight = Math.min(32, (height - 4) / bands.length);
  const x = (t: number) =>
    labelWidth + ((Math.min(Math.max(t, from), from + span) - from) / span) * (width - labelWidth);
  return (
    <svg width={width} height={height} className={styles.svg} data-testid="state-timeline">
      {bands.map(({ field, times }, band) => {
        const name = field.config.displayNameFromDS ?? field.name;
        const y = band * bandHeight;
        return (
          <g key={name}>
            <text x={labelWidth - 4} y={y + bandHeight / 2} className={styles.label}>
              {name}
            </text>
            {field.values.map((value, i) => {
              if (value === null || value === undefined) return null;
              const color = mappedColor(field.config.mappings, value) ?? 'text';
              // With spanNulls (as the Fleet page sets it) a state lasts until the next one; else until the next point.
              const spans = Boolean(field.config.custom?.spanNulls);
              const next = field.values.findIndex(
                (later, j) => j > i && (!spans || (later !== null && later !== undefined))
              );
              const end = next > 0 ? times[next] : from + span;
              return (
                <rect
                  key={i}
                  data-testid="state-timeline-stretch"
                  data-state={String(value)}
                  data-color={color}
                  x={x(times[i])}
                  y={y}
                  width={Math.max(1, x(end) - x(times[i]))}
                  height={bandHeight * 0.8}
                  fill={theme.visualization.getColorByName(color)}
                >
                  <title>{`${name}: ${String(value)}`}</title>
                </rect>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}
