import { applyFieldOverrides, createTheme, FieldConfigOptionsRegistry, type ScopedVars } from '@grafana/data';
import { EmbeddedScene, SceneCanvasText, sceneGraph } from '@grafana/scenes';
import { activityColumns, agentExecutionColumns, userRowColumns } from '../datasource/frames/shapes';
import { rowsToFrame } from '../datasource/frames/table';
import { ALL_PAGE_SPECS } from '../test/pageSpecs';
import { table } from './panels';

/** Grafana's options as far as these tests need them: links and the table's hidden flag. */
const registry = new FieldConfigOptionsRegistry(() => [
  {
    id: 'links',
    path: 'links',
    name: 'Links',
    process: (v) => v,
    shouldApply: () => true,
    override: () => null,
    editor: () => null,
  },
  {
    id: 'custom.hidden',
    path: 'hidden',
    isCustom: true,
    name: 'Hidden',
    process: (v) => v,
    shouldApply: () => true,
    override: () => null,
    editor: () => null,
  },
]);

/** The frame as a table panel sees it once Grafana applies the panel's overrides. */
function rendered(frame: ReturnType<typeof rowsToFrame>) {
  const spec = table('People', { queryType: 'list', list: 'agentExecutions' }, { width: 24 });
  const scene = new EmbeddedScene({ body: new SceneCanvasText({ text: '' }) });
  const [data] = applyFieldOverrides({
    data: [frame],
    fieldConfig: { defaults: {}, overrides: spec.fieldConfig!.overrides! },
    replaceVariables: (value: string, scopedVars?: ScopedVars) => sceneGraph.interpolate(scene, value, scopedVars),
    theme: createTheme(),
    fieldConfigRegistry: registry,
  });
  return (name: string) => data.fields.find((f) => f.name === name)!;
}

describe('people in tables', () => {
  it('shows the name, with the platform id as the title of its link (what Grafana shows on hover) and in the drill-down', () => {
    const frame = rowsToFrame(
      [
        { user: { externalId: 'u-42', name: 'Ada' } },
        { user: { externalId: 'u-7', name: null } },
        { user: { externalId: 'u-8', name: '' } },
      ],
      agentExecutionColumns,
      'A'
    );
    const field = rendered(frame);
    // Without a name the id is shown, so no row is blank.
    expect(field('user.name').values).toEqual(['Ada', 'u-7', 'u-8']);
    expect(field('user.name').config.displayName).toBe('User');
    const [link] = field('user.name').getLinks!({ valueRowIndex: 0 });
    expect(link.title).toBe('u-42');
    expect(link.href).toContain('/a/agentmon-app/users/user/u-42?');
    expect(field('user.externalId').config.custom?.hidden).toBe(true);
    expect(field('user.name').config.custom?.hidden).toBeUndefined();
  });

  it('does the same on the Users table, whose rows are users', () => {
    const frame = rowsToFrame([{ userId: 'u-42', name: 'Ada' }], userRowColumns, 'A');
    const field = rendered(frame);
    expect(field('userName').values).toEqual(['Ada']);
    expect(field('userName').getLinks!({ valueRowIndex: 0 })[0].title).toBe('u-42');
    expect(field('userId').config.custom?.hidden).toBe(true);
  });

  it('does the same on the activity feed, whose items carry the id as user and the name as userName', () => {
    const frame = rowsToFrame(
      [
        { kind: 'LOGIN', user: 'u-42', userName: 'Ada' },
        { kind: 'PLAN', user: 'u-7', userName: null },
        { kind: 'WORKFLOW_RUN', user: null, userName: null },
      ],
      activityColumns,
      'A'
    );
    const field = rendered(frame);
    expect(field('person').values).toEqual(['Ada', 'u-7', null]);
    expect(field('person').config.displayName).toBe('User');
    const [link] = field('person').getLinks!({ valueRowIndex: 0 });
    expect(link.title).toBe('u-42');
    expect(link.href).toContain('/a/agentmon-app/users/user/u-42?');
    expect(field('user').config.custom?.hidden).toBe(true);
  });

  it('links people on every table of every page, and no page links a raw id to the user page instead', () => {
    const tables = ALL_PAGE_SPECS.flatMap((page) => page.rows.flatMap((row) => row.panels)).filter(
      (panel) => panel.type === 'table'
    );
    expect(tables.length).toBeGreaterThan(0);
    for (const panel of tables) {
      const linked = (panel.fieldConfig?.overrides ?? []).filter((o) =>
        o.properties.some((p) => p.id === 'links' && JSON.stringify(p.value).includes('/users/user/'))
      );
      expect(linked.map((o) => o.matcher.options).sort()).toEqual(
        ['decidedBy.name', 'person', 'triggeredBy.name', 'user.name', 'userName'].sort()
      );
    }
  });
});
