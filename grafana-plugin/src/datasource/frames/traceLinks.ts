import type { DataFrame, DataLink } from '@grafana/data';

/** The field holding an execution's or run's OpenTelemetry trace id (see shapes.ts). */
export const TRACE_ID_FIELD = 'traceId';

/**
 * The link from a row's trace id to the trace. The setting is either a URL template with
 * `${traceId}` (e.g. a Jaeger UI's https://jaeger.example/trace/${traceId}), or the uid of a Tempo
 * or Jaeger data source, opened in Explore with the trace id as its query.
 */
export function traceLink(setting: string | undefined): DataLink | null {
  const value = setting?.trim();
  if (!value) {
    return null;
  }
  if (value.includes('${traceId}')) {
    return { title: 'Open trace', url: value.split('${traceId}').join('${__value.raw}'), targetBlank: true };
  }
  return {
    title: 'Open trace in Explore',
    url: '',
    internal: {
      datasourceUid: value,
      datasourceName: value,
      query: { refId: 'A', queryType: 'traceql', query: '${__value.raw}' },
    },
  };
}

/** Puts the trace link on every trace id field of the frames (rows without a trace show no link). */
export function withTraceLinks(frames: DataFrame[], link: DataLink | null): DataFrame[] {
  if (!link) {
    return frames;
  }
  for (const frame of frames) {
    for (const field of frame.fields) {
      if (field.name === TRACE_ID_FIELD) {
        field.config = { ...field.config, links: [...(field.config.links ?? []), link] };
      }
    }
  }
  return frames;
}
