import { STATUS_COLORS } from '../../../grafana-plugin/src/statusColors';

/**
 * Grafana's dark theme values (the harness's theme) of the palette names the statuses and the
 * other series (shades of purple) use; CSS colours stay as they are. Fixed here: @grafana/data
 * cannot load in jest's Node.
 */
const DARK_THEME: Record<string, string> = {
  green: '#73BF69',
  red: '#F2495C',
  orange: '#FF9830',
  blue: '#5794F2',
  yellow: '#FADE2A',
  'dark-purple': '#8F3BB8',
  purple: '#B877D9',
  'super-light-purple': '#DEB6F2',
};

/** A palette colour as the browser computes it (`rgb(r, g, b)`). */
export function rgb(color: string): string {
  const hex = (DARK_THEME[color] ?? color).replace('#', '');
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

/** The colour a status is drawn in. */
export const statusRgb = (status: string): string => rgb(STATUS_COLORS[status]);
