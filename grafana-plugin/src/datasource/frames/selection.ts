import type { Column } from './table';

/**
 * The GraphQL selection set that fetches exactly the given columns: dotted names become nested
 * selections ("agent.name" → `agent { name }`), so a column list is also its query.
 */
export function selectionOf(columns: Column[], extra: string[] = []): string {
  const tree = new Map<string, unknown>();
  for (const path of [...columns.flatMap((c) => c.select ?? [c.name]), ...extra]) {
    let node = tree;
    for (const key of path.split('.')) {
      if (!node.has(key)) {
        node.set(key, new Map());
      }
      node = node.get(key) as Map<string, unknown>;
    }
  }
  return render(tree);
}

function render(tree: Map<string, unknown>): string {
  const parts = [...tree.entries()].map(([key, children]) => {
    const nested = children as Map<string, unknown>;
    return nested.size === 0 ? key : `${key} ${render(nested)}`;
  });
  return `{ ${parts.join(' ')} }`;
}
