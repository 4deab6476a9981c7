import type { BackendSrv, BackendSrvRequest, FetchError, FetchResponse } from '@grafana/runtime';
import { lastValueFrom, Observable } from 'rxjs';

/** Reads a body the way Grafana's backendSrv does: JSON when it parses, text otherwise. */
async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Grafana's backendSrv.fetch over the browser's fetch, to the harness server (which plays
 * Grafana's data source proxy). A non-2xx answer is a FetchError with the parsed body, as in Grafana.
 */
function fetchRequest<T>(options: BackendSrvRequest): Observable<FetchResponse<T>> {
  return new Observable((subscriber) => {
    const abort = new AbortController();
    const method = options.method ?? 'GET';
    const body = options.data === undefined ? undefined : JSON.stringify(options.data);
    const headers = {
      accept: 'application/json',
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    };
    const query = options.params ? `?${new URLSearchParams(options.params).toString()}` : '';
    fetch(options.url + query, { method, headers, body, signal: abort.signal })
      .then(async (response) => {
        const data = (await readBody(response)) as T;
        const result = {
          data,
          status: response.status,
          statusText: response.statusText,
          ok: response.ok,
          headers: response.headers,
          url: response.url,
          type: response.type,
          redirected: response.redirected,
          config: options,
        };
        if (response.ok) {
          subscriber.next(result);
          subscriber.complete();
        } else {
          subscriber.error(result satisfies FetchError);
        }
      })
      .catch((error: Error) => {
        if (!abort.signal.aborted) {
          subscriber.error({ status: undefined, data: { message: error.message }, config: options });
        }
      });
    return () => abort.abort();
  });
}

export function createBackendSrv(): BackendSrv {
  const request = <T>(options: BackendSrvRequest) => lastValueFrom(fetchRequest<T>(options)).then((r) => r.data);
  return {
    fetch: fetchRequest,
    request,
    datasourceRequest: (options: BackendSrvRequest) => lastValueFrom(fetchRequest(options)),
    get: (url: string, params?: Record<string, unknown>) => request({ url, params, method: 'GET' }),
    post: (url: string, data?: unknown) => request({ url, data, method: 'POST' }),
    put: (url: string, data?: unknown) => request({ url, data, method: 'PUT' }),
    patch: (url: string, data?: unknown) => request({ url, data, method: 'PATCH' }),
    delete: (url: string) => request({ url, method: 'DELETE' }),
    chunked: () => {
      throw new Error('chunked requests are not part of the harness');
    },
  } as unknown as BackendSrv;
}
