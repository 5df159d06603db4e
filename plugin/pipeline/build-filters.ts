/** Build the filter instances the settings ask for, validating each filter's options. */
import { DoorkeepError, didYouMean } from '../errors.js';
import { FILTERS, FILTER_NAMES, type FilterDeps, type FilterName } from '../filters/index.js';
import type { Filter, Settings } from '../types.js';

export function buildFilters(settings: Settings, deps: FilterDeps, code: 'ERR_DK_OPTIONS' | 'ERR_DK_SETTINGS' = 'ERR_DK_SETTINGS'): Filter[] {
  for (const name of Object.keys(settings.filters)) {
    if (!(FILTER_NAMES as string[]).includes(name)) {
      throw new DoorkeepError(code, `Unknown filter \`filters.${name}\`.${didYouMean(name, FILTER_NAMES)}`, { field: `filters.${name}` });
    }
  }
  const filters: Filter[] = [];
  for (const name of FILTER_NAMES) {
    const config = settings.filters[name];
    if (config === false) continue;
    try {
      filters.push(FILTERS[name as FilterName](config, deps));
    } catch (error) {
      if (error instanceof DoorkeepError) throw new DoorkeepError(code, error.message, { field: error.field ?? `filters.${name}` });
      throw error;
    }
  }
  return filters;
}
