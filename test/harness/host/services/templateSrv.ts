import type { ScopedVars } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';
import { sceneGraph, type SceneObject } from '@grafana/scenes';

type Format = string | ((value: unknown) => string) | undefined;

/**
 * Grafana's TemplateSrv as Scenes apps meet it: a query's scoped variables carry the scene
 * object, and the text is interpolated in that object's scope (Grafana does the same with its own
 * copy of Scenes). Outside a scene there are no dashboard variables to replace.
 */
export function createTemplateSrv(): TemplateSrv {
  const sceneOf = (scopedVars?: ScopedVars) =>
    (scopedVars?.__sceneObject?.value as { valueOf(): SceneObject } | undefined)?.valueOf();
  return {
    replace(target?: string, scopedVars?: ScopedVars, format?: Format) {
      const scene = sceneOf(scopedVars);
      return scene ? sceneGraph.interpolate(scene, target, scopedVars, format as never) : (target ?? '');
    },
    getVariables: () => [],
    containsTemplate: (target?: string) => Boolean(target && /\$\w|\$\{|\[\[/.test(target)),
    updateTimeRange: () => undefined,
  } as unknown as TemplateSrv;
}
