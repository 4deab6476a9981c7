import React from 'react';
import { Field, Input, TextArea } from '@grafana/ui';
import type { QueryTypeEditorProps } from './props';

const PLACEHOLDER = `query Errors($from: DateTimeISO, $to: DateTimeISO) {
  agentExecutions(first: 100, filter: { from: $from, to: $to, status: [FAILURE] }) {
    nodes { startedAt agent { name } errorMessage }
  }
}`;

/** Any GraphQL operation; $from, $to, $range, $interval and $timezone are filled in when declared. */
export function RawEditor({ query, update }: QueryTypeEditorProps) {
  return (
    <>
      <Field
        label="GraphQL query"
        description="Declare $from, $to (DateTimeISO), $range (TimeRangeInput), $interval or $timezone (String) to get the panel's values."
      >
        <TextArea
          id="agentmon-raw-query"
          rows={8}
          defaultValue={query.rawQuery}
          placeholder={PLACEHOLDER}
          onBlur={(e) => update({ rawQuery: e.currentTarget.value })}
        />
      </Field>
      <Field
        label="Variables (JSON)"
        description='Template variables work in values: {"agent": "$agent"} (a multi-value one becomes a list).'
      >
        <TextArea
          id="agentmon-raw-variables"
          rows={2}
          defaultValue={query.variables}
          onBlur={(e) => update({ variables: e.currentTarget.value })}
        />
      </Field>
      <Field
        label="Rows path"
        description="Dotted path to the rows, e.g. agentExecutions.nodes; lists on the way are flattened."
      >
        <Input
          id="agentmon-raw-path"
          defaultValue={query.dataPath}
          onBlur={(e) => update({ dataPath: e.currentTarget.value.trim() })}
        />
      </Field>
    </>
  );
}
