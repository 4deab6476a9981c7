import { prefixRoute, ROUTES } from '../constants';
import { DATASOURCE_VARIABLE } from './spec';

/** Keeps the panel's time range and the chosen data source when following a drill-down. */
const KEEP_STATE = `\${__url_time_range}&\${${DATASOURCE_VARIABLE}:queryparam}`;

/** A data link value: a column of the clicked row, URL-encoded. */
const cell = (field: string) => `\${__data.fields["${field}"]:percentencode}`;

/** Drill-down URLs, built from a clicked table row's columns (data link syntax). */
export const drilldown = {
  agent: (field = 'key') => `${prefixRoute(ROUTES.Agents)}/agent/${cell(field)}?${KEEP_STATE}`,
  tool: (field = 'key') => `${prefixRoute(ROUTES.Tools)}/tool/${cell(field)}?${KEEP_STATE}`,
  user: (field = 'userId') => `${prefixRoute(ROUTES.Users)}/user/${cell(field)}?${KEEP_STATE}`,
  workflow: (field = 'key') => `${prefixRoute(ROUTES.Dags)}/workflow/${cell(field)}?${KEEP_STATE}`,
  service: (field = 'serviceId') => `${prefixRoute(ROUTES.Fleet)}/service/${cell(field)}?${KEEP_STATE}`,
  run: () => `${prefixRoute(ROUTES.Dags)}/workflow/${cell('workflow.key')}/run/${cell('runId')}?${KEEP_STATE}`,
};
