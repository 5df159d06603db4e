/**
 * The settings service: the effective settings (defaults, then the options, then what the admin saved)
 * and the filters built from them. A change is validated, logged and saved before it takes effect.
 */
import type { FilterDeps } from './filters/index.js';
import { buildFilters } from './pipeline/build-filters.js';
import { DEFAULT_SETTINGS, mergeSettings } from './settings.js';
import type { Clock, Filter, Settings, Store } from './types.js';

const SAVED_SETTINGS = 'settings';
/** The last 100 settings changes: who, when, what. */
const SETTINGS_LOG = 'settings.log';
interface SettingsChange { at: string; by: string; patch: unknown }

export interface SettingsService {
  /** The effective settings (the live object: callers must not change it). */
  current(): Settings;
  /** The filters the current settings ask for. */
  filters(): Filter[];
  /** Validate, log and save a patch, then apply it. Throws DoorkeepError (ERR_DK_SETTINGS) and changes nothing when invalid. */
  update(patch: unknown, by: string): Promise<Settings>;
}

export interface SettingsServiceOptions {
  store: Store;
  /** The `settings` option, validated here (ERR_DK_OPTIONS). */
  initial: unknown;
  filterDeps: FilterDeps;
  clock: Clock;
}

export async function createSettingsService({ store, initial, filterDeps, clock }: SettingsServiceOptions): Promise<SettingsService> {
  const base = mergeSettings(DEFAULT_SETTINGS, initial, 'ERR_DK_OPTIONS');
  buildFilters(base, filterDeps, 'ERR_DK_OPTIONS');

  let settings = mergeSettings(base, (await store.getState<Settings>(SAVED_SETTINGS)) ?? undefined);
  let filters = buildFilters(settings, filterDeps);

  return {
    current: () => settings,
    filters: () => filters,
    async update(patch, by) {
      const next = mergeSettings(settings, patch);
      const nextFilters = buildFilters(next, filterDeps);
      const log = (await store.getState<SettingsChange[]>(SETTINGS_LOG)) ?? [];
      await store.setState(SETTINGS_LOG, [...log.slice(-99), { at: clock.now().toISOString(), by, patch }]);
      await store.setState(SAVED_SETTINGS, next);
      settings = next;
      filters = nextFilters;
      return structuredClone(settings);
    },
  };
}
