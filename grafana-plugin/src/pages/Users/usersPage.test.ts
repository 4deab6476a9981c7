import { panelSummary, drilldownPage, sceneOf } from '../../test/scenes';
import { usersPage } from './usersPage';
import { usersSpec } from './usersPanels';

describe('Users page', () => {
  const page = usersPage();
  const panels = panelSummary(sceneOf(page));

  it('shows the user stats filtered by $user', () => {
    const stats = panels.flatMap((p) => p.queries.filter((q) => q.page === 'users').map((q) => q.stat));
    expect(new Set(stats)).toEqual(
      new Set(['logins', 'activeSessions', 'loginsPer10Minutes', 'series', 'topUsersByCost', 'users'])
    );
    expect(panels.every((p) => p.queries.every((q) => q.filter?.user?.[0] === '$user'))).toBe(true);
  });

  it('shows logins per 10 minutes over the last hour, as bars, whatever the page range', () => {
    const [logins] = usersSpec.rows
      .flatMap((row) => row.panels)
      .filter((panel) => panel.queries.some((q) => q.queryType === 'pageStat' && q.stat === 'loginsPer10Minutes'));
    expect(logins).toMatchObject({
      title: 'Logins per 10 minutes (last hour)',
      timeFrom: '1h',
      fieldConfig: { defaults: { custom: { drawStyle: 'bars' } } },
    });
  });

  it('links the users table to each user, keeping the time range and data source', () => {
    const table = panels.find((p) => p.title === 'Users');
    expect(table?.links).toContain(
      '/a/agentmon-app/users/user/${__data.fields["userId"]:percentencode}?${__url_time_range}&${datasource:queryparam}'
    );
  });

  it('drills down to one user: logins, agent use, runs, plans and sessions', () => {
    const detail = drilldownPage(page, { user: 'u-42' });
    const detailPanels = panelSummary(sceneOf(detail));
    expect(detailPanels.map((p) => p.title)).toEqual([
      'Logins',
      'Agent use in the time range',
      'Logins and activity',
      'Agent executions by status',
      'Agent cost',
      'Recent agent executions',
      'Workflow runs started',
      'Recent plans',
      'Active sessions now',
    ]);
    expect(detailPanels.every((p) => p.queries.every((q) => q.filter?.user?.[0] === 'u-42'))).toBe(true);
  });
});
