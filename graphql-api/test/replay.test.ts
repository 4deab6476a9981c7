import { DIALECTS, startApi, TestApi } from './support/api';
import { countRows, FIELDS, ingest, IngestAnswer } from './support/events';
import { mixedBatch } from './support/mixed';

/**
 * Events are upserts keyed by the platform's ids: sending the same 1,000 mixed events again leaves
 * exactly the rows, and the records, that one delivery left.
 */

/**
 * Everything the list queries show, nested references included (as platform ids): one request a
 * list, each within QUERY_MAX_COST, and each list on one page (checked by state()).
 */
const SNAPSHOT = [
  `{ users(first: 200, sortBy: EXTERNAL_ID, direction: ASC) { totalCount pageInfo { hasNextPage } nodes { ${FIELDS.user} } } }`,
  `{ agents(first: 200) { totalCount pageInfo { hasNextPage } nodes { ${FIELDS.agent} } } }`,
  `{ tools(first: 200) { totalCount pageInfo { hasNextPage } nodes { ${FIELDS.tool} } } }`,
  `{ loginSessions(first: 200, direction: ASC) { totalCount pageInfo { hasNextPage } nodes { ${FIELDS.loginSession} user { externalId } } } }`,
  `{ agentExecutions(first: 200, direction: ASC) { totalCount pageInfo { hasNextPage } nodes { ${FIELDS.agentExecution} agent { name } user { externalId } session { externalId } workflowRun { runId } toolExecutions { requestId } } } }`,
  `{ toolExecutions(first: 200, direction: ASC) { totalCount pageInfo { hasNextPage } nodes { ${FIELDS.toolExecution} tool { name } user { externalId } agentExecution { requestId } } } }`,
  `{ workflows(first: 200) { totalCount pageInfo { hasNextPage } nodes { ${FIELDS.workflow} owner { externalId } } } }`,
  `{ workflowRuns(first: 200, direction: ASC) { totalCount pageInfo { hasNextPage } nodes { ${FIELDS.workflowRun} workflow { key } triggeredBy { externalId } taskRuns { externalId } approvals { externalId } } } }`,
  `{ taskRuns(first: 200, direction: ASC) { totalCount pageInfo { hasNextPage } nodes { ${FIELDS.taskRun} workflowRun { runId } agent { name } tool { name } } } }`,
  `{ approvals(first: 200, direction: ASC) { totalCount pageInfo { hasNextPage } nodes { ${FIELDS.approval} workflowRun { runId } taskRun { externalId } plan { externalId } decidedBy { externalId } } } }`,
  `{ plans(first: 200, direction: ASC) { totalCount pageInfo { hasNextPage } nodes { ${FIELDS.plan} user { externalId } conversation { externalId } } } }`,
  `{ plannerConversations(first: 200, direction: ASC) { totalCount pageInfo { hasNextPage } nodes { ${FIELDS.plannerConversation} user { externalId } plans { externalId } messages { ${FIELDS.plannerMessage} } } } }`,
];

describe.each(DIALECTS)('replaying a batch on %s', (dialect) => {
  let api: TestApi;
  const batch = mixedBatch(1_000, 20261126);
  let firstAnswer: IngestAnswer;
  let afterFirst: { counts: Record<string, number>; records: Record<string, any> };

  beforeAll(async () => {
    api = await startApi(dialect, {}, 'replay');
  });
  afterAll(() => api?.close());

  async function state() {
    const records: Record<string, any> = Object.assign(
      {},
      ...(await Promise.all(SNAPSHOT.map((document) => api.data(document))))
    );
    for (const [list, connection] of Object.entries(records)) {
      if (connection.pageInfo.hasNextPage)
        throw new Error(`${list} has more than one page; the snapshot would be partial`);
    }
    return { counts: await countRows(api), records };
  }

  it('stores the 1,000 mixed events once: one row per platform id', async () => {
    expect(batch.events).toHaveLength(1_000);
    firstAnswer = await ingest(api, batch.events);
    expect(firstAnswer.rejected).toBe(0);
    expect(firstAnswer.accepted).toBe(1_000);
    afterFirst = await state();
    for (const [table, rows] of Object.entries(batch.expectedRows)) {
      expect({ table, rows: afterFirst.counts[table] }).toEqual({ table, rows });
    }
    const statuses = (list: string, key: string) =>
      new Map<string, string>(
        afterFirst.records[list].nodes.map((n: Record<string, string>) => [
          n[key],
          n[list === 'approvals' ? 'decision' : 'status'],
        ])
      );
    expect(statuses('agentExecutions', 'requestId')).toEqual(batch.finalState.agentExecutions);
    expect(statuses('toolExecutions', 'requestId')).toEqual(batch.finalState.toolExecutions);
    expect(statuses('workflowRuns', 'runId')).toEqual(batch.finalState.workflowRuns);
    expect(statuses('taskRuns', 'externalId')).toEqual(batch.finalState.taskRuns);
    expect(statuses('plans', 'externalId')).toEqual(batch.finalState.plans);
    expect(statuses('approvals', 'externalId')).toEqual(batch.finalState.approvals);
  });

  it('leaves exactly the same rows and records when the same batch is sent again', async () => {
    const second = await ingest(api, batch.events);
    expect(second.rejected).toBe(0);
    // Each event answers with the record it updated: the same one as the first time.
    expect(second.results.map((r) => r.id)).toEqual(firstAnswer.results.map((r) => r.id));
    const afterSecond = await state();
    expect(afterSecond.counts).toEqual(afterFirst.counts);
    expect(afterSecond.records).toEqual(afterFirst.records);
  });

  it('leaves them unchanged again when the batch arrives in small pieces, newest piece first', async () => {
    const pieces: (typeof batch.events)[] = [];
    for (let start = 0; start < batch.events.length; start += 250) pieces.push(batch.events.slice(start, start + 250));
    // Later pieces first: every RUNNING event now arrives after its outcome is stored.
    for (const piece of pieces.reverse()) {
      expect((await ingest(api, piece)).rejected).toBe(0);
    }
    const afterPieces = await state();
    expect(afterPieces.counts).toEqual(afterFirst.counts);
    expect(afterPieces.records).toEqual(afterFirst.records);
  });
});
