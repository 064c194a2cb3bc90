// Codecs of params shared by several pages. Module-level so that hooks get stable codec identities.
import { dateParam, enumParam, listParam, numberEnumParam } from './search-params.ts';
import { SERIES_KEYS } from './trend-data.ts';

export const RANGES = [30, 90, 365] as const;
export type RangeDays = (typeof RANGES)[number];

export const rangeParam = numberEnumParam(RANGES, 90);
export const intervalParam = enumParam(['day', 'week'], 'day');
export const hiddenSeriesParam = listParam(SERIES_KEYS);
export { dateParam };

export const RANGE_OPTIONS = RANGES.map((days) => ({ value: days, label: `${days}d` }));
export const INTERVAL_OPTIONS = [
  { value: 'day' as const, label: 'day' },
  { value: 'week' as const, label: 'week' },
];

/** Days compared by the deltas beside current scores. */
export const DELTA_DAYS = 7;
