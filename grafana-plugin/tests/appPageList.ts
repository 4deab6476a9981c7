/** The app's pages (route under /a/agentmon-app/), each with panels it must show: shared by the admin and Viewer specs. */
export const APP_PAGES = [
  {
    route: 'overview',
    title: 'Overview',
    panels: ['Logins', 'Agent success rate', 'Agent executions by status', 'Recent activity'],
  },
  { route: 'users', title: 'Users', panels: ['Logins', 'Logins and activity', 'Top users by cost', 'Users'] },
  {
    route: 'tools',
    title: 'Tools',
    panels: ['Tool executions', 'Tool calls by status', 'p95 duration by tool', 'Tools'],
  },
  { route: 'agents', title: 'Agents', panels: ['Agent executions', 'Cost by agent', 'By model', 'Agents'] },
  {
    route: 'dags',
    title: 'DAGs',
    panels: ['Workflow runs', 'Runs started and completed', 'Workflows', 'Runs in progress now'],
  },
  { route: 'planner', title: 'Planner', panels: ['Plans', 'Approval rate', 'Plans by status', 'Recent plans'] },
  {
    route: 'fleet',
    title: 'Fleet',
    panels: ['Uptime in the time range', 'Heartbeats by status', 'Services now', 'States over time'],
  },
];
