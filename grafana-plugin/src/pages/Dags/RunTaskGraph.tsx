import React from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2, LoadingState } from '@grafana/data';
import {
  sceneGraph,
  type SceneComponentProps,
  SceneObjectBase,
  type SceneObjectState,
  SceneQueryRunner,
} from '@grafana/scenes';
import { Alert, LoadingPlaceholder, useStyles2, useTheme2 } from '@grafana/ui';
import { DATASOURCE_REF } from '../../scenes/spec';
import { graphFromFrames, layoutDag, NODE } from './dagLayout';

interface RunTaskGraphState extends SceneObjectState {
  runId: string;
}

/** One run's DAG, each task coloured by the state of its latest attempt. */
export class RunTaskGraph extends SceneObjectBase<RunTaskGraphState> {
  static Component = RunTaskGraphRenderer;

  constructor(state: Pick<RunTaskGraphState, 'runId'>) {
    super({
      ...state,
      $data: new SceneQueryRunner({
        datasource: DATASOURCE_REF,
        queries: [{ refId: 'graph', queryType: 'list', list: 'runGraph', runId: state.runId }],
      }),
    });
  }
}

function formatDuration(ms: number | null): string {
  if (ms === null) {
    return '';
  }
  return ms < 1000 ? `${ms} ms` : ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 60_000)} min`;
}

/** Rough advance widths (in em) of a proportional UI font, erring wide so text stays inside. */
function charWidthEm(c: string): number {
  if (" .,:;!|'il·".includes(c)) {
    return 0.3;
  }
  if ('frtj'.includes(c)) {
    return 0.4;
  }
  if ('mwMW'.includes(c)) {
    return 0.88;
  }
  if (/[A-Z]/.test(c)) {
    return 0.68;
  }
  if (/[0-9_]/.test(c)) {
    return 0.6;
  }
  return 0.56;
}

/** The text cut with an ellipsis to fit `maxEm` ems (whole when it fits). */
export function fitText(text: string, maxEm: number): string {
  let width = 0;
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    width += charWidthEm(chars[i]);
    if (width > maxEm) {
      let end = i;
      let kept = chars.slice(0, end).reduce((sum, c) => sum + charWidthEm(c), 0);
      while (end > 0 && kept + 0.9 > maxEm) {
        end -= 1;
        kept -= charWidthEm(chars[end]);
      }
      return `${chars.slice(0, end).join('').trimEnd()}…`;
    }
  }
  return text;
}

/** Text inside a node box: cut to the box's width, the full text as its tooltip. */
function NodeText({ text, y, className, fontSize }: { text: string; y: number; className: string; fontSize: number }) {
  const shown = fitText(text, (NODE.width - 2 * TEXT_X) / fontSize);
  return (
    <text x={TEXT_X} y={y} className={className} clipPath="url(#agentmon-node-clip)">
      {shown !== text && <title>{text}</title>}
      {shown}
    </text>
  );
}

const TEXT_X = 10;

/** A theme font size ("0.857rem", "12px" or 12) in pixels. */
function toPx(size: string | number, htmlFontSize: number): number {
  const value = parseFloat(String(size));
  if (!Number.isFinite(value)) {
    return 12;
  }
  return String(size).endsWith('rem') ? value * htmlFontSize : value;
}

function RunTaskGraphRenderer({ model }: SceneComponentProps<RunTaskGraph>) {
  const { data } = sceneGraph.getData(model).useState();
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  if (data?.errors?.length) {
    return <Alert title="The task graph could not be loaded">{data.errors.map((e) => e.message).join('; ')}</Alert>;
  }
  if (!data || (data.state === LoadingState.Loading && data.series.length === 0)) {
    return <LoadingPlaceholder text="Loading the task graph…" />;
  }
  const { nodes, edges } = graphFromFrames(data.series);
  if (nodes.length === 0) {
    return <Alert severity="info" title="This run's workflow has no tasks defined" />;
  }
  const layout = layoutDag(nodes, edges);
  const color = (name: string) => theme.visualization.getColorByName(name);
  const states = [...new Map(layout.nodes.map((n) => [n.state, n.color])).entries()];
  const pad = 8;
  const fontSize = toPx(theme.typography.bodySmall.fontSize, theme.typography.htmlFontSize ?? 14);
  return (
    <div className={styles.container} data-testid="run-task-graph">
      <svg
        role="img"
        aria-label={`Task graph of run ${model.state.runId}`}
        width={layout.width + 2 * pad}
        height={layout.height + 2 * pad}
        viewBox={`${-pad} ${-pad} ${layout.width + 2 * pad} ${layout.height + 2 * pad}`}
      >
        <defs>
          <marker
            id="agentmon-arrow"
            viewBox="0 0 10 10"
            refX="10"
            refY="5"
            markerWidth="8"
            markerHeight="8"
            orient="auto-start-reverse"
          >
            <path d="M 0 0 L 10 5 L 0 10 z" fill={theme.colors.text.secondary} />
          </marker>
          {/* Keeps node text inside its box, whatever the font. */}
          <clipPath id="agentmon-node-clip" clipPathUnits="userSpaceOnUse">
            <rect x={TEXT_X / 2} y={0} width={NODE.width - TEXT_X} height={NODE.height} />
          </clipPath>
        </defs>
        {layout.edges.map((e) => (
          <path
            key={`${e.source}->${e.target}`}
            d={e.path}
            fill="none"
            stroke={theme.colors.text.secondary}
            markerEnd="url(#agentmon-arrow)"
          />
        ))}
        {layout.nodes.map((n) => (
          <g key={n.id} transform={`translate(${n.x}, ${n.y})`} data-state={n.state}>
            <title>{`${n.title}: ${n.state}${n.durationMs !== null ? `, ${formatDuration(n.durationMs)}` : ''}`}</title>
            <rect
              width={NODE.width}
              height={NODE.height}
              rx={6}
              fill={color(n.color)}
              fillOpacity={0.2}
              stroke={color(n.color)}
              strokeWidth={2}
            />
            <NodeText text={n.title} y={20} className={styles.title} fontSize={fontSize} />
            <NodeText
              text={[n.subtitle, n.state, formatDuration(n.durationMs)].filter(Boolean).join(' · ')}
              y={38}
              className={styles.detail}
              fontSize={fontSize}
            />
          </g>
        ))}
      </svg>
      <div className={styles.legend}>
        {states.map(([state, c]) => (
          <span key={state} className={styles.legendItem}>
            <span className={styles.swatch} style={{ background: color(c) }} />
            {state}
          </span>
        ))}
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  container: css({
    overflowX: 'auto',
    padding: theme.spacing(1),
    background: theme.colors.background.primary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
  }),
  title: css({
    fill: theme.colors.text.primary,
    fontSize: theme.typography.bodySmall.fontSize,
    fontWeight: theme.typography.fontWeightMedium,
  }),
  detail: css({ fill: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  legend: css({
    display: 'flex',
    gap: theme.spacing(2),
    marginTop: theme.spacing(1),
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  legendItem: css({ display: 'inline-flex', alignItems: 'center', gap: theme.spacing(0.5) }),
  swatch: css({ width: 10, height: 10, borderRadius: 2, display: 'inline-block' }),
});
