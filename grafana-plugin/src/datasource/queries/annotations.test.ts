import type { DataFrame } from '@grafana/data';
import * as api from '../../test/apiData';
import { createDataSource, FROM, queryRequest, TO, valuesOf } from '../../test/fixtures';
import { schemaTransport, validationErrors } from '../../test/schemaTransport';
import type { AnnotationKind } from '../types';

function transport() {
  const args: Record<string, any> = {};
  const root = {
    workflowRuns: (a: unknown) => ((args.workflowRuns = a), api.connection([api.workflowRun])),
    approvals: (a: unknown) => (
      (args.approvals = a),
      api.connection([
        {
          externalId: 'ap-1',
          subjectType: 'WORKFLOW_RUN',
          decision: 'REJECTED',
          decidedAt: '2026-11-26T08:20:00.000Z',
          comment: 'too costly',
          decidedBy: { externalId: 'u-1' },
        },
      ])
    ),
    plans: (a: unknown) => (
      (args.plans = a),
      api.connection([
        api.plan,
        { ...api.plan, externalId: 'plan-2', title: null, status: 'PENDING_APPROVAL', decidedAt: null },
      ])
    ),
  };
  return { ...schemaTransport(root), args };
}

async function run(annotation: AnnotationKind, filter = {}) {
  const t = transport();
  const response = await createDataSource(t.send).query(
    queryRequest([{ refId: 'Anno', queryType: 'annotations', annotation, filter }])
  );
  expect(t.calls.map((c) => validationErrors(c.query))).toEqual(t.calls.map(() => []));
  return { ...t, response, frame: response.data[0] as DataFrame };
}

describe('annotations', () => {
  it('marks failed workflow runs from start to finish', async () => {
    const { frame, args } = await run('failedRuns', { workflow: ['nightly-report'] });
    expect(args.workflowRuns.filter).toEqual({ from: FROM, to: TO, status: ['FAILED'], workflow: ['nightly-report'] });
    expect(valuesOf(frame)).toEqual({
      time: [Date.parse(api.workflowRun.startedAt)],
      timeEnd: [Date.parse(api.workflowRun.finishedAt)],
      title: ['Run run-1 of Nightly report failed'],
      text: ['TaskFailed: fetch failed'],
      tags: [['workflow', 'nightly-report', 'failed']],
    });
  });

  it('marks approval decisions at their decision time', async () => {
    const { frame, args } = await run('approvalDecisions');
    expect(args.approvals.filter.decision).toEqual(['APPROVED', 'REJECTED', 'EXPIRED']);
    expect(valuesOf(frame)).toMatchObject({
      time: [Date.parse('2026-11-26T08:20:00.000Z')],
      title: ['Approval ap-1 rejected'],
      text: ['workflow run · by u-1 · too costly'],
      tags: [['approval', 'rejected']],
    });
  });

  it('marks decided plans only', async () => {
    const { frame } = await run('planDecisions');
    expect(valuesOf(frame)).toMatchObject({
      title: ['Plan "Quarterly report" approved'],
      tags: [['plan', 'approved']],
    });
  });

  it('prepares a new annotation as a failed-runs query', () => {
    const ds = createDataSource(transport().send);
    const prepared = ds.annotations.prepareAnnotation!({ name: 'x', enable: true, iconColor: 'red' } as any);
    expect(prepared.target).toMatchObject({ queryType: 'annotations', annotation: 'failedRuns', refId: 'Anno' });
  });
});
