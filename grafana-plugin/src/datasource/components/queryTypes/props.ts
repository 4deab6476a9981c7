import type { AgentmonQuery } from '../../types';

export interface QueryTypeEditorProps {
  query: AgentmonQuery;
  /** Applies a change and runs the query (text fields call it on blur). */
  update: (patch: Partial<AgentmonQuery>) => void;
}
