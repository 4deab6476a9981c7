import type {
  DataSourceApi,
  DataSourceInstanceSettings,
  DataSourcePlugin,
  DataSourceRef,
  ScopedVars,
} from '@grafana/data';
import { type DataSourceSrv, type GetDataSourceListFilters, getTemplateSrv } from '@grafana/runtime';

/** Loads a data source plugin's module.js (SystemJS), as Grafana's plugin loader does. */
export type PluginLoader = (module: string) => Promise<DataSourcePlugin<DataSourceApi>>;

/**
 * Grafana's data source service over a fixed list of instances: looks them up by uid or name
 * (after interpolating `${datasource}`), falls back to the default, and builds each instance
 * once from its plugin's DataSourceClass.
 */
export function createDataSourceSrv(settings: DataSourceInstanceSettings[], load: PluginLoader): DataSourceSrv {
  const instances = new Map<string, Promise<DataSourceApi>>();

  const getInstanceSettings = (ref?: DataSourceRef | string | null, scopedVars?: ScopedVars) => {
    const raw = typeof ref === 'string' ? ref : ref?.uid;
    if (!raw || raw === 'default') {
      return settings.find((s) => s.isDefault) ?? settings[0];
    }
    const key = getTemplateSrv().replace(raw, scopedVars);
    return settings.find((s) => s.uid === key || s.name === key);
  };

  const instantiate = async (instance: DataSourceInstanceSettings) => {
    const plugin = await load(instance.meta.module);
    const ds = new plugin.DataSourceClass(instance);
    ds.components = plugin.components;
    ds.meta = instance.meta;
    return ds;
  };

  return {
    getInstanceSettings,
    async get(ref, scopedVars) {
      const instance = getInstanceSettings(ref, scopedVars);
      if (!instance) {
        throw new Error(`Data source ${JSON.stringify(ref)} was not found`);
      }
      if (!instances.has(instance.uid)) {
        instances.set(instance.uid, instantiate(instance));
      }
      return instances.get(instance.uid)!;
    },
    getList(filters: GetDataSourceListFilters = {}) {
      const types = [filters.pluginId, ...[filters.type ?? []].flat()].filter(Boolean);
      return settings.filter(
        (s) => (types.length === 0 || types.includes(s.type)) && (!filters.filter || filters.filter(s))
      );
    },
    reload: async () => undefined,
    registerRuntimeDataSource: () => {
      throw new Error('runtime data sources are not part of the harness');
    },
  };
}
