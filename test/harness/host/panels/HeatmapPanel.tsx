import { FieldType, type PanelProps } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import React from 'react';
import { NoData } from './NoData';
import { getSvgStyles } from './svgStyles';

/**
 * Stand-in for Grafana's heatmap panel (a core panel, not part of @grafana/ui) on pre-bucketed
 * "heatmap-rows" frames, as the app's panels ask for them (calculate: false): the time field
 * gives the columns, every other numeric field a row (its name the bucket's upper bound), and a
 * cell is darker for more. Each cell says its bucket, time and count in its title, as Grafana's
 * tooltip would, so tests can read what is drawn. Empty cells are not drawn, as Grafana leaves
 * them blank: a day of one-minute columns would be thousands of SVG nodes, and Chromium's style
 * recalculation over them held the page for tens of seconds.
 */
export function HeatmapPanel({ data, width, height }: PanelProps) {
  const theme = useTheme2();
  const styles = useStyles2(getSvgStyles);
  const frame = data.series[0];
  const time = frame?.fields.find((field) => field.type === FieldType.time);
  const rows = frame?.fields.filter((field) => field.type === FieldType.number) ?? [];
  if (!frame || !time || rows.length === 0 || frame.length === 0) return <NoData />;
  const max = Math.max(1, ...rows.flatMap((field) => field.values.map((value) => Number(value) || 0)));
  const labelWidth = 64;
  const cellWidth = (width - labelWidth) / frame.length;
  const cellHeight = (height - 4) / rows.length;
  const fill = theme.visualization.getColorByName('dark-orange');
  return (
    <svg width={width} height={height} className={styles.svg} data-testid="heatmap">
      {rows.map((field, row) => {
        const y = (rows.length - 1 - row) * cellHeight; // the first bucket at the bottom, as Grafana draws it
        const bucket = field.config.displayNameFromDS ?? field.name;
        return (
          <g key={bucket}>
            <text x={labelWidth - 4} y={y + cellHeight / 2} className={styles.label}>
              {bucket}
            </text>
            {field.values.map((value, column) => {
              const count = Number(value) || 0;
              if (count === 0) return null;
              return (
                <rect
                  key={column}
                  data-testid="heatmap-cell"
                  data-bucket={bucket}
                  data-count={count}
                  x={labelWidth + column * cellWidth}
                  y={y}
                  width={Math.max(1, cellWidth - 1)}
                  height={Math.max(1, cellHeight - 1)}
                  fill={fill}
                  fillOpacity={0.15 + 0.85 * Math.sqrt(count / max)}
                >
                  <title>{`${bucket} at ${new Date(Number(time.values[column])).toISOString()}: ${count}`}</title>
                </rect>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}
