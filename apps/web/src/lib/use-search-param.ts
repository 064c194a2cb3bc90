import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { updateSearch, type ParamCodec } from './search-params.ts';

export interface SetParamOptions {
  /** Replace the history entry (typing in a search box) instead of pushing one (a discrete choice). */
  replace?: boolean;
}

/** One typed URL search param: `const [range, setRange] = useSearchParam('range', rangeParam)`. */
export function useSearchParam<T>(name: string, codec: ParamCodec<T>) {
  const [params, setParams] = useSearchParams();
  const raw = params.get(name);
  const value = useMemo(() => codec.parse(raw), [codec, raw]);
  const setValue = useCallback(
    (next: T, options: SetParamOptions = {}) => {
      setParams((current) => updateSearch(current, { [name]: codec.serialize(next) }), {
        replace: options.replace ?? false,
        preventScrollReset: true,
      });
    },
    [codec, name, setParams],
  );
  return [value, setValue] as const;
}

/** Sets several params in one history entry (a new sort, plus the selection it invalidates). */
export function useSearchParamsUpdate() {
  const [, setParams] = useSearchParams();
  return useCallback(
    (updates: Record<string, string | null>, options: SetParamOptions = {}) => {
      setParams((current) => updateSearch(current, updates), {
        replace: options.replace ?? false,
        preventScrollReset: true,
      });
    },
    [setParams],
  );
}
