import { CustomVariableSupport, type DataQueryRequest, type DataQueryResponse } from '@grafana/data';
import { from, map, type Observable } from 'rxjs';
import type { AgentmonDataSource } from './DataSource';
import { VariableQueryEditor } from './components/VariableQueryEditor';
import { optionsToFrame, VARIABLE_KINDS } from './queries/variableValues';
import type { AgentmonVariableQuery } from './types';

/** Template variables listing users, agents, tools, workflows, models or providers. */
export class AgentmonVariableSupport extends CustomVariableSupport<AgentmonDataSource, AgentmonVariableQuery> {
  editor = VariableQueryEditor;

  constructor(private readonly datasource: AgentmonDataSource) {
    super();
  }

  query(request: DataQueryRequest<AgentmonVariableQuery>): Observable<DataQueryResponse> {
    const target = request.targets[0];
    const kind = VARIABLE_KINDS[target?.kind];
    if (!kind) {
      return from([
        {
          data: [],
          errors: [{ message: `Pick what the variable lists (${Object.keys(VARIABLE_KINDS).join(', ')}).` }],
        },
      ]);
    }
    const ctx = this.datasource.contextFor(request, target.refId ?? 'variable');
    return from(kind.fetch(ctx, this.datasource.send)).pipe(
      map((options) => ({ data: [optionsToFrame(options, ctx.refId)] }))
    );
  }
}
