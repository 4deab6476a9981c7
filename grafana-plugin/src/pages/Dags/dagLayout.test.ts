import { createDataFrame, FieldType } from '@grafana/data';
import { runGraphToFrames } from '../../datasource/queries/runGraph';
import * as api from '../../test/apiData';
import { STATUS_COLORS } from '../../statusColors';
import { graphFromFrames, layoutDag, NODE, type TaskNode } from './dagLayout';

const node = (id: string): TaskNode => ({
  id,
  title: id,
  subtitle: '',
  state: 'SUCCESS',
  color: 'green',
  durationMs: null,
});

describe('DAG layout', () => {
  it('puts each task in the column of its longest path from a root, in order within a column', () => {
    // a → b → d, a → c → d, a → d: d goes after b and c however it is reached.
    const layout = layoutDag(['a', 'b', 'c', 'd'].map(node), [
      { source: 'a', target: 'b' },
      { source: 'a', target: 'c' },
      { source: 'b', target: 'd' },
      { source: 'c', target: 'd' },
      { source: 'a', target: 'd' },
    ]);
    const column = (id: string) => layout.nodes.find((n) => n.id === id)!.x / (NODE.width + NODE.gapX);
    const row = (id: string) => layout.nodes.find((n) => n.id === id)!.y / (NODE.height + NODE.gapY);
    expect(['a', 'b', 'c', 'd'].map(column)).toEqual([0, 1, 1, 2]);
    expect([row('b'), row('c')]).toEqual([0, 1]);
    expect(layout.width).toBe(3 * NODE.width + 2 * NODE.gapX);
    expect(layout.height).toBe(2 * NODE.height + NODE.gapY);
  });

  it('draws every edge from the right side of its source to the left side of its target', () => {
    const layout = layoutDag([node('a'), node('b')], [{ source: 'a', target: 'b' }]);
    const [edge] = layout.edges;
    expect(edge.path.startsWith(`M ${NODE.width} ${NODE.height / 2} C`)).toBe(true);
    expect(edge.path.endsWith(`${NODE.width + NODE.gapX} ${NODE.height / 2}`)).toBe(true);
  });

  it('survives a cycle and edges to unknown tasks', () => {
    const layout = layoutDag(
      [node('a'), node('b'), node('c')],
      [
        { source: 'b', target: 'c' },
        { source: 'c', target: 'b' },
        { source: 'a', target: 'ghost' },
      ]
    );
    expect(layout.nodes.map((n) => n.x / (NODE.width + NODE.gapX))).toEqual([0, 1, 1]);
    expect(layout.edges).toHaveLength(2);
  });

  it("reads the data source's node graph frames, colouring each task by its state", () => {
    const { nodes, edges } = graphFromFrames(runGraphToFrames(api.workflowRun as never, 'A'));
    expect(nodes.map((n) => [n.id, n.state, n.color])).toEqual([
      ['fetch', 'SUCCESS', 'green'],
      ['summarize', 'RUNNING', 'blue'],
      ['publish', 'NOT_STARTED', STATUS_COLORS.NOT_STARTED],
    ]);
    expect(nodes[0]).toMatchObject({ title: 'Fetch data', subtitle: 'http', durationMs: 800 });
    expect(edges).toEqual([
      { source: 'fetch', target: 'summarize' },
      { source: 'summarize', target: 'publish' },
    ]);
  });

  it('reads nothing from frames that are not a graph', () => {
    expect(
      graphFromFrames([createDataFrame({ fields: [{ name: 'x', type: FieldType.number, values: [1] }] })])
    ).toEqual({ nodes: [], edges: [] });
  });
});
