import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { createDataSource } from '../../test/fixtures';
import { schemaTransport } from '../../test/schemaTransport';
import type { AgentmonQuery } from '../types';
import { QueryEditor } from './QueryEditor';

function renderEditor(query: AgentmonQuery) {
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  render(
    <QueryEditor
      datasource={createDataSource(schemaTransport({}).send)}
      query={query}
      onChange={onChange}
      onRunQuery={onRunQuery}
    />
  );
  return { onChange, onRunQuery };
}

describe('QueryEditor', () => {
  it('offers every query type and switches between them', () => {
    const { onChange, onRunQuery } = renderEditor({ refId: 'A', queryType: 'timeSeries', metric: 'LOGINS' });
    for (const label of ['Page statistic', 'Time series', 'Breakdown', 'List', 'Raw GraphQL', 'Events']) {
      expect(screen.getByRole('radio', { name: label })).toBeInTheDocument();
    }
    fireEvent.click(screen.getByRole('radio', { name: 'List' }));
    expect(onChange).toHaveBeenCalledWith({ refId: 'A', queryType: 'list', metric: 'LOGINS' });
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('shows metric, measure, interval, group by and the filters for a time series', () => {
    renderEditor({ refId: 'A', queryType: 'timeSeries', metric: 'LOGINS' });
    for (const label of ['Metric', 'Measure', 'Interval', 'Group by', 'Limit', 'Filter agent', 'Filter user']) {
      expect(screen.getByText(label)).toBeInTheDocument();
    }
    expect(screen.getByDisplayValue('Logins')).toBeInTheDocument();
  });

  it('shows the dimension for a breakdown', () => {
    renderEditor({ refId: 'A', queryType: 'breakdown', metric: 'AGENT_EXECUTIONS', by: 'MODEL' });
    expect(screen.getByText('By')).toBeInTheDocument();
    expect(screen.getByDisplayValue('Model')).toBeInTheDocument();
  });

  it('shows page and figure for a page statistic, and summary fields only for a summary', () => {
    renderEditor({ refId: 'A', queryType: 'pageStat', page: 'agents', stat: 'summary' });
    expect(screen.getByDisplayValue('Agents')).toBeInTheDocument();
    expect(screen.getByDisplayValue('Summary')).toBeInTheDocument();
    expect(screen.getByText('Fields')).toBeInTheDocument();
  });

  it('shows the run id for the run graph list and only the filters a list understands', () => {
    renderEditor({ refId: 'A', queryType: 'list', list: 'runGraph' });
    expect(screen.getByText('Run id')).toBeInTheDocument();
    expect(screen.queryByText('Filter agent')).not.toBeInTheDocument();
  });

  it('writes the raw query, variables and rows path on blur', () => {
    const { onChange } = renderEditor({ refId: 'A', queryType: 'raw' });
    fireEvent.blur(screen.getByLabelText(/GraphQL query/), { target: { value: '{ agents { nodes { name } } }' } });
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ rawQuery: '{ agents { nodes { name } } }' }));
    fireEvent.blur(screen.getByLabelText(/Rows path/), { target: { value: ' agents.nodes ' } });
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ dataPath: 'agents.nodes' }));
  });

  it('picks the events of an annotation', () => {
    renderEditor({ refId: 'A', queryType: 'annotations', annotation: 'failedRuns' });
    expect(screen.getByDisplayValue('Failed workflow runs')).toBeInTheDocument();
    expect(screen.getByText('Filter workflow')).toBeInTheDocument();
  });
});
