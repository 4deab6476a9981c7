import fc from 'fast-check';
import { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { ADMIN_TOKEN, startApi, TestApi } from './support/api';
import { Encoding, exportOk, makeSpans, SpanSpec } from './support/otel';
import { ROLLUP_TABLES } from '../src/rollups/rebuild';

// Property: whatever order a trace's spans arrive in, however they are cut into requests and
// whichever encoding carries each, the records and the statistics are those of one ordered export.

// Records only: the API caches the ids of agents, tools, users and workflows, which therefore stay.
const CLEARED = ['task_runs', 'workflow_runs', 'tool_executions', 'agent_executions', 'otlp_spans', ...ROLLUP_TABLES];
const MODELS = ['gpt-4o', 'gpt-4o-mini', 'unknown-model'];

type Kind = 'workflow' | 'agent' | 'chat' | 'tool' | 'plain';
interface Tree {
  kind: Kind;
  name: number;
  tokens: [number, number];
  failed: boolean;
  children: Tree[];
}

const leaf = (kind: 'chat' | 'tool') =>
  fc.record({
    kind: fc.constant<Kind>(kind),
    name: fc.nat({ max: 2 }),
    tokens: fc.tuple(fc.nat({ max: 5000 }), fc.nat({ max: 800 })),
    failed: fc.boolean(),
    children: fc.constant<Tree[]>([]),
  });
const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf('chat'),
    leaf('tool'),
    fc.record({
      kind: fc.constantFrom<Kind>('workflow', 'agent', 'plain'),
      name: fc.nat({ max: 2 }),
      tokens: fc.constant<[number, number]>([0, 0]),
      failed: fc.boolean(),
      children: fc.array(tie('node'), { maxLength: 4 }),
    })
  ),
})).node;

/** Spans for a tree, laid out in time in order: each child inside its parent, one after another. */
function specs(node: Tree, start: number, length: number): SpanSpec {
  const step = length / Math.max(1, node.children.length);
  const children = node.children.map((child, i) => specs(child, start + i * step + 1, Math.max(step - 2, 1)));
  const attributes: Record<string, string | number> = {};
  let name = `step ${node.name}`;
  if (node.kind === 'workflow')
    (Object.assign(attributes, {
      'gen_ai.operation.name': 'invoke_workflow',
      'gen_ai.workflow.name': `wf-${node.name}`,
    }),
      (name = `invoke_workflow wf-${node.name}`));
  if (node.kind === 'agent')
    (Object.assign(attributes, { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': `agent-${node.name}` }),
      (name = `invoke_agent agent-${node.name}`));
  if (node.kind === 'tool')
    (Object.assign(attributes, { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': `tool-${node.name}` }),
      (name = `execute_tool tool-${node.name}`));
  if (node.kind === 'chat') {
    const model = MODELS[node.name];
    Object.assign(attributes, {
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': model,
      'gen_ai.provider.name': 'openai',
      'gen_ai.usage.input_tokens': node.tokens[0],
      'gen_ai.usage.output_tokens': node.tokens[1],
      'user.id': `u${node.name}`,
    });
    name = `chat ${model}`;
  }
  return {
    name,
    attributes,
    start,
    end: start + length,
    error: node.failed && node.kind !== 'plain' ? 'failed' : undefined,
    children,
  };
}

/** One document a field: together they cost more than one request may (QUERY_MAX_COST). */
const RECORDS = [
  `{ agentExecutions(first: 500, sortBy: STARTED_AT, direction: ASC) { totalCount nodes { requestId agent { name } status inputTokens outputTokens costUsd unpriced workflowRunExternalId taskRunExternalId user { externalId } } } }`,
  `{ toolExecutions(first: 500) { totalCount nodes { requestId tool { name } status agentExecutionRequestId } } }`,
  `{ workflowRuns(first: 150) { totalCount nodes { runId status workflow { key nodes { key } edges { from to } } taskRuns { externalId nodeKey status startedAt durationMs } } } }`,
  `{ agentStats(range: { from: "2020-01-01T00:00:00Z", to: "2030-01-01T00:00:00Z" }) { summary { count success inputTokens outputTokens costUsd } byModel { key summary { count costUsd } } agents { key summary { count inputTokens costUsd } } } }`,
  `{ toolStats(range: { from: "2020-01-01T00:00:00Z", to: "2030-01-01T00:00:00Z" }) { summary { count success } } }`,
  `{ dagStats(range: { from: "2020-01-01T00:00:00Z", to: "2030-01-01T00:00:00Z" }) { summary { count success failure } } }`,
];

/** Records and figures, in an order of their own (lists sorted by id); agents of no executions left out (see otlp-receiver.test.ts). */
async function snapshot(api: TestApi): Promise<unknown> {
  const data = Object.assign({}, ...(await Promise.all(RECORDS.map((document) => api.data(document)))));
  // Every record fits in one page, so the snapshot holds them all.
  for (const records of [data.agentExecutions, data.toolExecutions, data.workflowRuns])
    expect(records.nodes.length).toBe(records.totalCount);
  const sorted = <T extends Record<string, any>>(nodes: T[], key: string) =>
    [...nodes].sort((a, b) => (a[key] < b[key] ? -1 : 1));
  data.agentExecutions.nodes = sorted(data.agentExecutions.nodes, 'requestId');
  data.toolExecutions.nodes = sorted(data.toolExecutions.nodes, 'requestId');
  data.workflowRuns.nodes = sorted(data.workflowRuns.nodes, 'runId').map((run: any) => ({
    ...run,
    // By id: one node can run twice in a run (a tool called twice), and its runs differ.
    taskRuns: sorted(run.taskRuns, 'externalId'),
  }));
  data.agentStats.agents = data.agentStats.agents.filter(
    (row: { summary: { count: number } }) => row.summary.count > 0
  );
  return data;
}

describe('OTLP property: random span trees in random orders and batches', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi('mysql', {}, 'otlp_prop');
  });
  afterAll(() => api.close());
  const clear = async () => {
    for (const table of CLEARED) await api.services.dataSource.query(`DELETE FROM ${table}`);
  };

  it('give the records and rollups of one ordered export', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(tree, { minLength: 1, maxLength: 3 }),
        fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 40, maxLength: 40 }),
        async (roots, order, cuts) => {
          const start = Date.now() - 2 * 3_600_000;
          const spans = makeSpans(roots.map((root, i) => specs(root, start + i * 600_000, 500_000)));
          // Parents first, all in one request.
          const ordered = [...spans].sort((a, b) => hrMs(a) - hrMs(b));
          await clear();
          await exportOk('proto', api.url, ADMIN_TOKEN, ordered);
          const expected = await snapshot(api);

          await clear();
          const shuffled = [...spans];
          for (let i = shuffled.length - 1; i > 0; i--) {
            const j = order[i % order.length] % (i + 1);
            [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
          }
          const batches: ReadableSpan[][] = [];
          for (let i = 0, b = 0; i < shuffled.length; b++)
            batches.push(shuffled.slice(i, (i += cuts[b % cuts.length])));
          // Batches sent concurrently, as a batch processor and its retries may.
          await Promise.all(
            batches.map((batch, i) => exportOk((i % 2 ? 'json' : 'proto') as Encoding, api.url, ADMIN_TOKEN, batch))
          );
          expect(await snapshot(api)).toEqual(expected);
        }
      ),
      // Shrinking stops in time for jest to print the smallest counterexample found so far.
      { numRuns: 12, interruptAfterTimeLimit: 100_000, markInterruptAsFailure: true }
    );
    // A run takes 0.2 s on a quiet machine and 4 s on a loaded one.
  }, 120_000);
});

const hrMs = (span: ReadableSpan) => span.startTime[0] * 1000 + span.startTime[1] / 1e6;
