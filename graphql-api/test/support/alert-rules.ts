import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { readYaml } from '../deploy/files';
import { promtool } from './prometheus';

/** The Grafana-managed alert rules of provisioning/alerting/agentmon.yaml. */
export const provisionedRules: any[] = readYaml('provisioning/alerting/agentmon.yaml').groups.flatMap(
  (group: any) => group.rules
);

/** The rule's query on the Prometheus data source (the others are Grafana expressions). */
export const prometheusQueryOf = (rule: any) => rule.data.find((query: any) => query.datasourceUid !== '__expr__');

const OPERATORS: Record<string, string> = { gt: '>', lt: '<' };

/**
 * A provisioned Grafana rule as a Prometheus alerting rule, so that promtool can check and
 * evaluate it: its query compared with its threshold, its labels, and its annotations, where
 * Grafana's value of the query ($values.A.Value) is Prometheus's value of the alert ($value).
 */
export function asPrometheusRule(uid: string) {
  const rule = provisionedRules.find((r) => r.uid === uid);
  if (!rule) throw new Error(`no provisioned alert rule ${uid}`);
  const query = prometheusQueryOf(rule);
  const threshold = rule.data.find((q: any) => q.model.type === 'threshold').model.conditions[0].evaluator;
  if (!(threshold.type in OPERATORS)) throw new Error(`${uid}: threshold ${threshold.type} has no PromQL operator`);
  const annotations = Object.fromEntries(
    Object.entries(rule.annotations ?? {}).map(([name, text]) => [
      name,
      String(text).replaceAll(`$values.${query.refId}.Value`, '$value'),
    ])
  );
  return {
    alert: uid,
    expr: `(${query.model.expr})\n${OPERATORS[threshold.type]} ${threshold.params[0]}`,
    for: rule.for,
    labels: rule.labels,
    annotations,
  };
}

/**
 * Runs `promtool test rules` on the provisioned rules `uids` (as Prometheus rules) with promtool's
 * unit test cases `tests` (input_series, alert_rule_test); resolves with its exit code and output.
 */
export async function testAlertRules(uids: string[], tests: unknown[]): Promise<{ code: number; output: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentmon-alert-rules-'));
  try {
    fs.writeFileSync(
      path.join(dir, 'rules.yml'),
      stringify({ groups: [{ name: 'agentmon', rules: uids.map(asPrometheusRule) }] })
    );
    fs.writeFileSync(
      path.join(dir, 'test.yml'),
      stringify({ rule_files: ['rules.yml'], evaluation_interval: '1m', tests })
    );
    return await promtool(['test', 'rules', path.join(dir, 'test.yml')]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
