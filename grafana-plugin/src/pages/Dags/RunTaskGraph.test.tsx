import React from 'react';
import { render, screen } from '@testing-library/react';
import { getDefaultTimeRange, LoadingState, type PanelData } from '@grafana/data';
import { SceneDataNode } from '@grafana/scenes';
import { runGraphToFrames } from '../../datasource/queries/runGraph';
import * as api from '../../test/apiData';
import { fitText, RunTaskGraph } from './RunTaskGraph';

function graphWith(data: Partial<PanelData>) {
  const graph = new RunTaskGraph({ runId: 'run-1' });
  graph.setState({
    $data: new SceneDataNode({
      data: { state: LoadingState.Done, series: [], timeRange: getDefaultTimeRange(), ...data },
    }),
  });
  return graph;
}

describe('RunTaskGraph', () => {
  it('asks the data source for the run graph of its run', () => {
    const graph = new RunTaskGraph({ runId: 'run-7' });
    expect((graph.state.$data as any).state.queries).toEqual([
      { refId: 'graph', queryType: 'list', list: 'runGraph', runId: 'run-7' },
    ]);
  });

  it('draws one box per task with its state, and the dependencies', () => {
    const graph = graphWith({ series: runGraphToFrames(api.workflowRun as never, 'graph') });
    const { container } = render(<graph.Component model={graph} />);
    expect(screen.getByRole('img', { name: 'Task graph of run run-1' })).toBeInTheDocument();
    const states = [...container.querySelectorAll('g[data-state]')].map((g) => g.getAttribute('data-state'));
    expect(states).toEqual(['SUCCESS', 'RUNNING', 'NOT_STARTED']);
    expect(container.querySelectorAll('path[marker-end]')).toHaveLength(2);
    expect(screen.getByText('Fetch data')).toBeInTheDocument();
    expect(screen.getByText('http · SUCCESS · 800 ms')).toBeInTheDocument();
  });

  it('shows the error when the run cannot be loaded', () => {
    const graph = graphWith({ state: LoadingState.Error, errors: [{ message: 'No workflow run with id "run-1".' }] });
    render(<graph.Component model={graph} />);
    expect(screen.getByText('No workflow run with id "run-1".')).toBeInTheDocument();
  });

  it('cuts a label too long for its box with an ellipsis, the whole label as its tooltip', () => {
    const long = 'Finance approves the payment of every invoice';
    const run = api.workflowRun;
    const nodes = run.workflow.nodes.map((n, i) => (i === 0 ? { ...n, label: long } : n));
    const graph = graphWith({
      series: runGraphToFrames({ ...run, workflow: { ...run.workflow, nodes } } as never, 'graph'),
    });
    const { container } = render(<graph.Component model={graph} />);
    const cut = [...container.querySelectorAll('g[data-state] text')].filter((t) => t.querySelector('title'));
    expect(cut).toHaveLength(1);
    expect(cut[0].querySelector('title')?.textContent).toBe(long);
    expect(cut[0].textContent).toBe(`${long}${fitText(long, 160 / 12)}`);
    expect(fitText(long, 160 / 12)).toMatch(/^Finance approves .*…$/);
  });

  it('keeps labels that fit whole', () => {
    expect(fitText('Fetch new invoices', 160 / 12)).toBe('Fetch new invoices');
    expect(fitText('http · SUCCESS · 800 ms', 160 / 12)).toBe('http · SUCCESS · 800 ms');
  });
});
