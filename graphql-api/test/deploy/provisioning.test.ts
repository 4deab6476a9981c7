import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { ExecutionStatus, PlanStatus, RunStatus } from '../../src/common/status';
import { Metrics } from '../../src/telemetry/prometheus';
import { StatsDimension, StatsMetric } from '../../src/rollups/catalogue';
import { StatsMeasure } from '../../src/stats/stats.types';
import { asPrometheusRule, prometheusQueryOf, provisionedRules as rules, testAlertRules } from '../support/alert-rules';
import { promtool } from '../support/prometheus';
import { filesUnder, read, readJson, readYaml, ROOT, variablesIn } from './files';

/**
 * Grafana's provisioning (provisioning/, mounted at /etc/grafana/provisioning) and Prometheus's
 * configuration are checked the way Grafana and Prometheus would read them, without either running.
 */
const compose = readYaml('docker-compose.yml');
const grafana = compose.services.grafana;
const appPlugin = readJson('grafana-plugin/src/plugin.json');
const datasourcePlugin = readJson('grafana-plugin/src/datasource/plugin.json');
const datasources: any[] = readYaml('provisioning/datasources/datasources.yaml').datasources;
const alerting = readYaml('provisioning/alerting/agentmon.yaml');
const byUid = new Map(datasources.map((datasource) => [datasource.uid, datasource]));

/** The repository folder behind a path inside the Grafana container, through its bind mounts. */
function repositoryPath(containerPath: string): string {
  for (const volume of grafana.volumes as string[]) {
    const [source, target] = volume.split(':');
    if (source.startsWith('./') && (containerPath + '/').startsWith(target + '/'))
      return path.join(source, containerPath.slice(target.length));
  }
  throw new Error(`${containerPath} is not mounted into the Grafana container`);
}

const dashboardFiles = readYaml('provisioning/dashboards/agentmon.yaml').providers.flatMap((provider: any) =>
  filesUnder(repositoryPath(provider.options.path), ['.json'])
);
const dashboards = dashboardFiles.map((file: string) => ({ file, json: readJson(file) }));

/** Every panel, rows' nested panels included. */
const panelsOf = (dashboard: any): any[] => dashboard.panels.flatMap((panel: any) => [panel, ...(panel.panels ?? [])]);
/**
 * The data source a reference means: a `${variable}` uid is the dashboard's data source variable,
 * whose default (`current`) must be a provisioned data source of the variable's type.
 */
function resolveDatasource(
  dashboard: any,
  ref: { type: string; uid: string }
): { type: string; uid: string; variable?: string } {
  const variable = /^\$\{(\w+)\}$/.exec(ref.uid)?.[1];
  if (!variable) return ref;
  const definition = dashboard.templating.list.find((v: any) => v.name === variable && v.type === 'datasource');
  return { type: definition?.query, uid: definition?.current?.value, variable };
}
const targetsOf = (dashboard: any) =>
  panelsOf(dashboard)
    .filter((panel) => panel.type !== 'row')
    .flatMap((panel) =>
      panel.targets.map((target: any) => ({
        panel,
        target,
        ref: target.datasource ?? panel.datasource,
        datasource: resolveDatasource(dashboard, target.datasource ?? panel.datasource),
      }))
    );
const promExpressions = (): string[] =>
  dashboards.flatMap(({ json }: any) =>
    targetsOf(json)
      .filter(({ datasource }) => datasource.type === 'prometheus')
      .map(({ target }) => target.expr as string)
  );
const pluginDashboards = filesUnder('grafana-plugin/src/dashboards', ['.json']).map((file) => ({
  file,
  json: readJson(file),
}));

describe('Grafana provisioning', () => {
  it('parses: every YAML file strictly (no syntax errors, no duplicate keys), every JSON file', () => {
    const files = [...filesUnder('provisioning', ['.yaml', '.yml']), 'prometheus/prometheus.yml', 'docker-compose.yml'];
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const file of files) expect(() => readYaml(file)).not.toThrow();
    expect(dashboards.length).toBeGreaterThan(0);
  });

  it('enables the app by its plugin id', () => {
    expect(appPlugin.type).toBe('app');
    expect(readYaml('provisioning/plugins/agentmon.yaml').apps).toEqual([
      { type: appPlugin.id, org_id: 1, disabled: false },
    ]);
  });

  it('provisions the Agentmon data source (uid agentmon) with every field its proxy route reads, and Prometheus (uid agentmon-prometheus)', () => {
    expect(new Set(datasources.map((datasource) => datasource.uid)).size).toBe(datasources.length);
    const agentmon = byUid.get('agentmon');
    expect(agentmon).toMatchObject({ type: datasourcePlugin.id, access: 'proxy' });
    expect(appPlugin.includes).toContainEqual(
      expect.objectContaining({ type: 'datasource', path: 'datasource/plugin.json' })
    );
    const routeText = JSON.stringify(datasourcePlugin.routes);
    const jsonFields = [...routeText.matchAll(/\.JsonData\.(\w+)/g)].map((match) => match[1]);
    const secureFields = [...routeText.matchAll(/\.SecureJsonData\.(\w+)/g)].map((match) => match[1]);
    expect(jsonFields.length + secureFields.length).toBeGreaterThan(0);
    for (const field of jsonFields) expect(agentmon.jsonData).toHaveProperty(field);
    for (const field of secureFields) expect(agentmon.secureJsonData).toHaveProperty(field);
    expect(byUid.get('agentmon-prometheus')).toMatchObject({ type: 'prometheus', url: 'http://prometheus:9090' });
    expect(Object.keys(compose.services)).toContain('prometheus');
  });

  it('sets every environment variable the provisioning files expand in the Grafana container', () => {
    const used = filesUnder('provisioning', ['.yaml', '.yml']).flatMap((file) => variablesIn(read(file)));
    expect(used).toEqual(expect.arrayContaining(['AGENTMON_API_URL', 'AGENTMON_API_TOKEN']));
    for (const name of used) expect(Object.keys(grafana.environment)).toContain(name);
  });

  it('loads dashboards that are valid dashboard JSON and query provisioned data sources', () => {
    const queryTypes = /export type AgentmonQueryType =\s*([^;]+);/
      .exec(read('grafana-plugin/src/datasource/types.ts'))![1]
      .match(/'(\w+)'/g)!
      .map((quoted) => quoted.slice(1, -1));
    const uids = new Set<string>();
    for (const { file, json } of dashboards) {
      expect({
        file,
        uid: typeof json.uid,
        title: typeof json.title,
        schemaVersion: typeof json.schemaVersion,
        panels: Array.isArray(json.panels),
      }).toEqual({
        file,
        uid: 'string',
        title: 'string',
        schemaVersion: 'number',
        panels: true,
      });
      expect(uids.has(json.uid)).toBe(false);
      uids.add(json.uid);
      const panels = panelsOf(json);
      expect(new Set(panels.map((panel) => panel.id)).size).toBe(panels.length);
      for (const panel of panels) expect(Object.values(panel.gridPos).every((n) => Number.isInteger(n))).toBe(true);
      const targets = targetsOf(json);
      for (const { panel, target, datasource } of targets) {
        const where = `${file}: panel "${panel.title}" ${target.refId}`;
        expect({ where, type: byUid.get(datasource.uid)?.type }).toEqual({ where, type: datasource.type });
        if (datasource.type === datasourcePlugin.id) {
          expect({ where, queryType: queryTypes.includes(target.queryType) }).toEqual({ where, queryType: true });
          if (target.queryType === 'timeSeries') {
            expect({
              where,
              metric: target.metric in StatsMetric,
              measure: target.measure in StatsMeasure,
              groupBy: target.groupBy in StatsDimension,
            }).toEqual({
              where,
              metric: true,
              measure: true,
              groupBy: true,
            });
          }
        } else {
          expect({ where, expr: typeof target.expr }).toEqual({ where, expr: 'string' });
        }
      }
      expect(targets.some(({ datasource }) => datasource.type === datasourcePlugin.id)).toBe(true);
    }
  });

  it('has alert rules on the Prometheus data source, each with its condition, and a policy routed to a contact point', () => {
    const uids = rules.map((rule) => rule.uid);
    expect(new Set(uids).size).toBe(uids.length);
    expect(rules.length).toBe(12);
    for (const rule of rules) {
      expect(rule.uid.length).toBeLessThanOrEqual(40);
      const refIds = rule.data.map((query: any) => query.refId);
      expect(refIds).toContain(rule.condition);
      expect(byUid.get(prometheusQueryOf(rule).datasourceUid)?.type).toBe('prometheus');
      for (const query of rule.data.filter((q: any) => q.datasourceUid === '__expr__'))
        expect(refIds).toContain(query.model.expression);
    }
    const contactPoints = alerting.contactPoints.map((point: any) => point.name);
    for (const rule of rules)
      expect({ rule: rule.uid, receiver: contactPoints.includes(rule.notification_settings?.receiver) }).toEqual({
        rule: rule.uid,
        receiver: true,
      });
  });

  describe('fits into an existing Grafana, changing nothing that was there', () => {
    it('provisions no default data source, and names and uids that say Agentmon (none can replace "Prometheus")', () => {
      expect(datasources.length).toBeGreaterThan(1);
      for (const { name, uid, isDefault } of datasources) {
        expect({ name, isDefault: isDefault ?? false }).toEqual({ name, isDefault: false });
        expect({ name, uid, sayAgentmon: /agentmon/i.test(name) && /agentmon/i.test(uid) }).toEqual({
          name,
          uid,
          sayAgentmon: true,
        });
      }
    });

    it('routes its alerts from the rules themselves: no notification policy tree root in the alerting file', () => {
      expect(alerting).not.toHaveProperty('policies');
      expect(alerting).not.toHaveProperty('resetPolicies');
      for (const rule of rules)
        expect(rule.notification_settings?.group_by).toEqual(expect.arrayContaining(['alertname', 'grafana_folder']));
    });

    // Grafana loads every dashboard under a provider's path: the provisioning folder itself also
    // holds an organisation's own provider files, and often their dashboards.
    it("reads its dashboards from a folder of its own, which holds only Agentmon's", () => {
      const providers: any[] = readYaml('provisioning/dashboards/agentmon.yaml').providers;
      for (const { name, options } of providers) {
        expect({ name, path: options.path }).not.toEqual({
          name,
          path: expect.stringMatching(/\/provisioning\/dashboards\/?$/),
        });
        const files = fs.readdirSync(path.join(ROOT, repositoryPath(options.path)));
        expect({ name, files: files.filter((file) => !/^agentmon-.*\.json$/.test(file)) }).toEqual({ name, files: [] });
      }
      expect(dashboards.length).toBeGreaterThan(0);
    });

    it('has dashboards that pick their data sources through variables, not hard-coded uids', () => {
      const all = [...dashboards, ...pluginDashboards];
      expect(pluginDashboards.length).toBeGreaterThan(0);
      for (const { file, json } of all) {
        for (const { panel, ref, datasource } of targetsOf(json)) {
          const where = `${file}: panel "${panel.title}"`;
          expect({ where, variable: datasource.variable !== undefined }).toEqual({ where, variable: true });
          // The variable's default, when it names one, is a provisioned data source of its type.
          if (datasource.uid)
            expect({ where, ref, type: byUid.get(datasource.uid)?.type }).toEqual({
              where,
              ref,
              type: datasource.type,
            });
        }
      }
    });
  });

  // The metrics label a status with the enum's value ("waiting_approval"), and Grafana's byName
  // matcher is exact: an override for "WAITING_APPROVAL" leaves that series in a default colour.
  it('colours each Prometheus series split by status, in every status value the metrics carry', () => {
    const statuses = [...Object.values(ExecutionStatus), ...Object.values(RunStatus), ...Object.values(PlanStatus)];
    const byStatus = dashboards.flatMap(({ file, json }: any) =>
      panelsOf(json)
        .filter((panel) => (panel.targets ?? []).some((t: any) => /\bby\s*\([^)]*\bstatus\b/.test(t.expr ?? '')))
        .map((panel) => ({ where: `${file}: ${panel.title}`, panel }))
    );
    expect(byStatus.length).toBeGreaterThan(0);
    for (const { where, panel } of byStatus) {
      const coloured = (panel.fieldConfig?.overrides ?? [])
        .filter((o: any) => o.matcher.id === 'byName' && o.properties.some((p: any) => p.id === 'color'))
        .map((o: any) => o.matcher.options);
      expect({ where, uncoloured: statuses.filter((status) => !coloured.includes(status)) }).toEqual({
        where,
        uncoloured: [],
      });
    }
  });

  it('titles a Prometheus figure "now" when it shows a gauge as it is now, and never a chart over time', () => {
    const prometheusPanels: { where: string; panel: any }[] = dashboards.flatMap(({ file, json }: any) =>
      panelsOf(json)
        .filter((panel) => (panel.targets ?? []).some((t: any) => t.expr))
        .map((panel) => ({ where: `${file}: ${panel.title}`, panel }))
    );
    // A stat of a plain gauge (no increase or rate over a window) is its latest value: a figure of now.
    const isGaugeNow = (panel: any) =>
      panel.type === 'stat' && panel.targets.every((t: any) => !/\b(increase|rate)\s*\(/.test(t.expr ?? ''));
    const wrong = prometheusPanels
      .filter(({ panel }) => isGaugeNow(panel) !== /\bnow\b/i.test(panel.title))
      .map(({ where }) => where);
    expect(prometheusPanels.some(({ panel }) => isGaugeNow(panel))).toBe(true);
    expect(wrong).toEqual([]);
  });

  it('uses only metrics the API exports (and up)', async () => {
    const metrics = new Metrics();
    metrics.poolGauges();
    const exported = new Set<string>(['up']);
    for (const metric of await metrics.registry.getMetricsAsJSON()) {
      exported.add(metric.name);
      if (String(metric.type) === 'histogram')
        for (const suffix of ['_bucket', '_sum', '_count']) exported.add(metric.name + suffix);
    }
    const expressions = [...rules.map((rule) => prometheusQueryOf(rule).model.expr), ...promExpressions()];
    const used = new Set(expressions.flatMap((expr) => expr.match(/\b(agentmon_\w+|up)(?=[\s{[)]|$)/g) ?? []));
    expect([...used].filter((name) => !exported.has(name))).toEqual([]);
    expect(used.size).toBeGreaterThan(10);
  });

  it('has alert and dashboard queries that pass promtool check rules', async () => {
    const alertRules = rules.map((rule) => asPrometheusRule(rule.uid));
    // Grafana fills in $__rate_interval; any duration stands for it here.
    const recordingRules = promExpressions().map((expr, i) => ({
      record: `agentmon:dashboard_query_${i}`,
      expr: expr.replaceAll('$__rate_interval', '1m'),
    }));
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'agentmon-rules-')), 'rules.yml');
    fs.writeFileSync(
      file,
      stringify({
        groups: [
          { name: 'grafana-alerts', rules: alertRules },
          { name: 'dashboards', rules: recordingRules },
        ],
      })
    );
    const { code, output } = await promtool(['check', 'rules', file]);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
    expect({ code, output }).toEqual({
      code: 0,
      output: expect.stringContaining(`SUCCESS: ${alertRules.length + recordingRules.length} rules found`),
    });
  });

  // The series of one histogram for promtool: a bucket per bound (le), and its count (the +Inf bucket).
  const histogram = (metric: string, labels: string, buckets: [string, string][]) => [
    ...buckets.map(([le, values]) => ({ series: `${metric}_bucket{${labels},le="${le}"}`, values })),
    { series: `${metric}_count{${labels}}`, values: buckets[buckets.length - 1][1] },
  ];

  it('alerts on p95 latency per agent and per tool, for a slow one only, with at least 10 executions in 10 minutes', async () => {
    const latency = ['agentmon-agent-p95-latency', 'agentmon-tool-p95-latency'];
    expect(
      rules
        .filter((rule) =>
          /histogram_quantile\(0\.95, sum by \((agent|tool), le\)/.test(prometheusQueryOf(rule).model.expr)
        )
        .map((rule) => rule.uid)
    ).toEqual(latency);
    const agent = 'agentmon_agent_execution_duration_seconds';
    const tool = 'agentmon_tool_execution_duration_seconds';
    // Each series adds 2 executions a minute, but for "rare" (one every 2 minutes, 5 in 10).
    const everyTwoMinutes = Array.from({ length: 31 }, (_, minute) => Math.floor(minute / 2)).join(' ');
    const input_series = [
      // slow: every execution between 60 and 120 s; fast: all under 5 s.
      ...histogram(agent, 'agent="slow",status="success"', [
        ['60', '0x30'],
        ['120', '0+2x30'],
        ['+Inf', '0+2x30'],
      ]),
      ...histogram(agent, 'agent="fast",status="success"', [
        ['5', '0+2x30'],
        ['60', '0+2x30'],
        ['120', '0+2x30'],
        ['+Inf', '0+2x30'],
      ]),
      ...histogram(agent, 'agent="rare",status="timeout"', [
        ['120', everyTwoMinutes],
        ['+Inf', everyTwoMinutes],
      ]),
      // tools: "other" (past the label cap) is slow, search is fast.
      ...histogram(tool, 'tool="other",status="failure"', [
        ['10', '0x30'],
        ['30', '0+2x30'],
        ['+Inf', '0+2x30'],
      ]),
      ...histogram(tool, 'tool="search",status="success"', [
        ['1', '0+2x30'],
        ['10', '0+2x30'],
        ['30', '0+2x30'],
        ['+Inf', '0+2x30'],
      ]),
    ];
    const { code, output } = await testAlertRules(latency, [
      {
        interval: '1m',
        input_series,
        alert_rule_test: [
          // Pending (not yet reported) while the condition has held for less than 10 minutes.
          { eval_time: '8m', alertname: 'agentmon-agent-p95-latency', exp_alerts: [] },
          {
            eval_time: '25m',
            alertname: 'agentmon-agent-p95-latency',
            exp_alerts: [
              {
                exp_labels: { agent: 'slow', severity: 'warning', service: 'agentmon' },
                exp_annotations: {
                  summary: 'Agent slow: p95 execution time above 60 s',
                  description: "The 95th percentile of agent slow's execution time over 10 minutes is 1m 57s.",
                },
              },
            ],
          },
          {
            eval_time: '25m',
            alertname: 'agentmon-tool-p95-latency',
            exp_alerts: [
              {
                exp_labels: { tool: 'other', severity: 'warning', service: 'agentmon' },
                exp_annotations: {
                  summary: 'Tool other: p95 call time above 10 s',
                  description: "The 95th percentile of tool other's call time over 10 minutes is 29s.",
                },
              },
            ],
          },
        ],
      },
    ]);
    expect({ code, output }).toEqual({ code: 0, output: expect.stringContaining('SUCCESS') });
  });
});

describe('Prometheus configuration', () => {
  it('passes promtool check config and scrapes the API service at /metrics', async () => {
    const { code, output } = await promtool(['check', 'config', path.join(ROOT, 'prometheus/prometheus.yml')]);
    expect({ code, output }).toEqual({ code: 0, output: expect.stringContaining('SUCCESS') });
    const [job] = readYaml('prometheus/prometheus.yml').scrape_configs;
    expect(job).toMatchObject({
      job_name: 'agentmon-api',
      metrics_path: '/metrics',
      static_configs: [{ targets: ['api:4000'] }],
    });
    expect(compose.services.prometheus.volumes).toContain(
      './prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro'
    );
  });

  // Without an Alertmanager (the compose stack runs none) a rule of Prometheus's own would notify
  // no one: every alert is a Grafana-managed rule routed to the contact point.
  it('evaluates no alert rules of its own', () => {
    expect(readYaml('prometheus/prometheus.yml')).not.toHaveProperty('rule_files');
    expect(fs.readdirSync(path.join(ROOT, 'prometheus'))).toEqual(['prometheus.yml']);
    expect(compose.services.prometheus.volumes.filter((volume: string) => volume.startsWith('./'))).toEqual([
      './prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro',
    ]);
  });
});
