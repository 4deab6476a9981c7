import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';

/** The SVG stand-ins' box and their row labels (right-aligned, left of the plot). */
export const getSvgStyles = (theme: GrafanaTheme2) => ({
  svg: css({ display: 'block' }),
  label: css({
    fill: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    textAnchor: 'end',
    dominantBaseline: 'middle',
  }),
});
