/**
 * The settings service: the effective settings (defaults, then the options, then what the admin saved)
 * and the filters built from them. A change is validated, logged and saved before it takes effect.
 */
import { DoorkeepError } from './errors.js';
import type { FilterDeps } from './filters/index.js';
import { buildFilters } from './pipeline/build-filters.js';
import { DEFAULT_SETTINGS, mergeSettings, settingsProblems, type SettingsProblem } from './settings.js';
import type { Clock, Filter, Settings, Store } from './types.js';

const SAVED_SETTINGS = 'settings';
/** The last 100 settings changes: who, when, what. */
export const SETTINGS_LOG = 'settings.log';
interface SettingsChange { at: string; by: string; patch: unknown }

export interface SettingsService {
  /** The effective settings (the live object: callers must not change it). */
  current(): Settings;
  /** The filters the current settings ask for. */
  filters(): Filter[];
  /** Validate, log and save a patch, then apply it. Throws DoorkeepError (ERR_DK_SETTINGS) and changes nothing when invalid. */
  update(patch: unknown, by: string): Promise<Settings>;
  /** Every problem with a patch, each naming its field (filter options included); [] when update() would accept it. */
  check(patch: unknown): SettingsProblem[];
}

export interface SettingsServiceOptions {
  store: Store;
  /** The `settings` option, validated here (ERR_DK_OPTIONS). */
  initial: unknown;
  filterDeps: FilterDeps;
  clock: Clock;
}

/**
 * The settings saved in the store, checked against the options before anything is written (so a bad
 * saved value stops start-up with a message naming where it is, and changes nothing on disk).
 */
export async function checkSavedSettings(store: Store, initial: unknown): Promise<void> {
  const base = mergeSettings(DEFAULT_SETTINGS, initial, 'ERR_DK_OPTIONS');
  try {
    mergeSettings(base, (await store.getState<Settings>(SAVED_SETTINGS)) ?? undefined);
  } catch (error) {
    const where = store.location ? ` in ${store.location}` : '';
    throw new DoorkeepError('ERR_DK_SETTINGS', `The settings saved${where} are invalid: ${(error as Error).message} Fix them there (key "${SAVED_SETTINGS}"); nothing was changed.`, { field: (error as DoorkeepError).field });
  }
}

export async function createSettingsService({ store, initial, filterDeps, clock }: SettingsServiceOptions): Promise<SettingsService> {
  const base = mergeSettings(DEFAULT_SETTINGS, initial, 'ERR_DK_OPTIONS');
  buildFilters(base, filterDeps, 'ERR_DK_OPTIONS');

  let settings = mergeSettings(base, (await store.getState<Settings>(SAVED_SETTINGS)) ?? undefined);
  let filters = buildFilters(settings, filterDeps);

  // Another instance sharing the store saved settings: apply them here too (a bad value is logged, not applied).
  store.subscribe((change) => {
    if (change.kind !== 'state' || change.key !== SAVED_SETTINGS) return;
    store.getState<Settings>(SAVED_SETTINGS).then((saved) => {
      const next = mergeSettings(base, saved ?? undefined);
      filters = buildFilters(next, filterDeps);
      settings = next;
    }).catch((error: unknown) => console.error('Doorkeep could not apply settings saved by another instance:', error));
  });

  return {
    current: () => settings,
    filters: () => filters,
    check(patch) {
      const problems = settingsProblems(settings, patch);
      const filterPatch = (patch as { filters?: unknown } | null)?.filters;
      if (typeof filterPatch !== 'object' || filterPatch === null) return problems;
      for (const [name, config] of Object.entries(filterPatch)) {
        if (problems.some((p) => p.field === `filters.${name}` || p.field.startsWith(`filters.${name}.`))) continue;
        try {
          buildFilters(mergeSettings(settings, { filters: { [name]: config } }), filterDeps);
        } catch (error) {
          if (!(error instanceof DoorkeepError)) throw error;
          problems.push({ field: error.field ?? `filters.${name}`, message: error.message });
        }
      }
      return problems;
    },
    async update(patch, by) {
      const next = mergeSettings(settings, patch);
      const nextFilters = buildFilters(next, filterDeps);
      await store.appendLog<SettingsChange>(SETTINGS_LOG, { at: clock.now().toISOString(), by, patch }, 100);
      await store.setState(SAVED_SETTINGS, next);
      settings = next;
      filters = nextFilters;
      return structuredClone(settings);
    },
  };
}
