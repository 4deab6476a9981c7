import {
  type DataQueryError,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceApi,
  LoadingState,
  type PanelData,
  toDataFrame,
} from '@grafana/data';
import { toDataQueryError } from '@grafana/runtime';
import { catchError, from, map, type Observable, of, startWith } from 'rxjs';

/**
 * Grafana's runRequest (not published on npm), reduced to what panels read: a Loading packet,
 * then the frames with Done, or the errors with Error so the panel shows them.
 */
export function runRequest(
  ds: DataSourceApi,
  request: DataQueryRequest,
  queryFunction?: DataSourceApi['query']
): Observable<PanelData> {
  const base = { timeRange: request.range, request, series: [] };
  const query = queryFunction ?? ds.query.bind(ds);
  return from(query(request) as Observable<DataQueryResponse> | Promise<DataQueryResponse>).pipe(
    map((response): PanelData => {
      const errors: DataQueryError[] = response.errors ?? (response.error ? [response.error] : []);
      return {
        ...base,
        series: (response.data ?? []).map((frame) => toDataFrame(frame)),
        state: errors.length > 0 ? LoadingState.Error : (response.state ?? LoadingState.Done),
        errors: errors.length > 0 ? errors : undefined,
        error: errors[0],
      };
    }),
    catchError((error: unknown) => {
      const queryError = toDataQueryError(error as DataQueryError);
      return of<PanelData>({ ...base, state: LoadingState.Error, error: queryError, errors: [queryError] });
    }),
    startWith<PanelData>({ ...base, state: LoadingState.Loading })
  );
}
