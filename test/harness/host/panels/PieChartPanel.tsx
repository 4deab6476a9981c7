import { css } from '@emotion/css';
import {
  formattedValueToString,
  getFieldDisplayValues,
  type GrafanaTheme2,
  type PanelProps,
  type ReduceDataOptions,
} from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import React from 'react';
import { NoData } from './NoData';

export interface PieChartOptions {
  reduceOptions: ReduceDataOptions;
}

/** A donut slice from angle a to b (radians, clockwise from 12 o'clock). */
function slice(a: number, b: number, r: number, inner: number): string {
  const point = (angle: number, radius: number) => `${radius * Math.sin(angle)} ${-radius * Math.cos(angle)}`;
  const large = b - a > Math.PI ? 1 : 0;
  return `M ${point(a, r)} A ${r} ${r} 0 ${large} 1 ${point(b, r)} L ${point(b, inner)} A ${inner} ${inner} 0 ${large} 0 ${point(a, inner)} Z`;
}

/**
 * Stand-in for Grafana's pie chart panel (not in @grafana/ui): an SVG donut of the values with a
 * legend of name, value and percent, coloured by the field's colour scheme.
 */
export function PieChartPanel({
  data,
  options,
  fieldConfig,
  replaceVariables,
  timeZone,
  width,
  height,
}: PanelProps<PieChartOptions>) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const values = getFieldDisplayValues({
    fieldConfig,
    reduceOptions: options.reduceOptions,
    replaceVariables,
    theme,
    data: data.series,
    timeZone,
  }).filter((v) => typeof v.display.numeric === 'number' && v.display.numeric > 0);
  const total = values.reduce((sum, v) => sum + v.display.numeric, 0);
  if (total === 0) {
    return <NoData />;
  }
  const size = Math.min(height, width / 2);
  const r = size / 2 - 4;
  let angle = 0;
  return (
    <div className={styles.layout} style={{ width, height }}>
      <svg
        width={size}
        height={size}
        viewBox={`${-size / 2} ${-size / 2} ${size} ${size}`}
        role="img"
        aria-label="Pie chart"
      >
        {values.map((v) => {
          const start = angle;
          angle += (v.display.numeric / total) * 2 * Math.PI;
          const end = Math.min(angle, start + 2 * Math.PI - 1e-6);
          return <path key={v.display.title} d={slice(start, end, r, r * 0.6)} fill={v.display.color} />;
        })}
      </svg>
      <table className={styles.legend}>
        <tbody>
          {values.map((v) => (
            <tr key={v.display.title}>
              <td>
                <span className={styles.swatch} style={{ background: v.display.color }} />
                {v.display.title}
              </td>
              <td>{formattedValueToString(v.display)}</td>
              <td>{((v.display.numeric / total) * 100).toFixed(0)}%</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  layout: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(2), overflow: 'hidden' }),
  legend: css({ fontSize: theme.typography.bodySmall.fontSize, td: { padding: theme.spacing(0.25, 1) } }),
  swatch: css({ display: 'inline-block', width: 10, height: 10, borderRadius: 2, marginRight: theme.spacing(1) }),
});
