import { useId } from 'react';
import { addWeeks, compareWeeks, formatWeekRange, isIsoWeek } from '../lib/iso-week.ts';

export interface WeekPickerProps {
  week: string;
  /** The latest week that may be chosen (the current one). */
  maxWeek: string;
  onChange: (week: string) => void;
}

/** ◂ 2026-W47 ▸ (Mon 16 Nov – Sun 22 Nov), with the browser's week input for a jump. */
export function WeekPicker({ week, maxWeek, onChange }: WeekPickerProps) {
  const id = useId();
  const next = addWeeks(week, 1);
  const canNext = compareWeeks(next, maxWeek) <= 0;
  return (
    <div className="week-picker" role="group" aria-label="Week">
      <button type="button" className="icon-button" aria-label="Previous week" onClick={() => onChange(addWeeks(week, -1))}>
        ◂
      </button>
      <label htmlFor={id} className="visually-hidden">
        ISO week
      </label>
      <input
        id={id}
        type="week"
        value={week}
        max={maxWeek}
        onChange={(e) => {
          const value = e.target.value;
          if (isIsoWeek(value) && compareWeeks(value, maxWeek) <= 0) onChange(value);
        }}
      />
      <button type="button" className="icon-button" aria-label="Next week" disabled={!canNext} onClick={() => onChange(next)}>
        ▸
      </button>
      <span className="week-range">({formatWeekRange(week)})</span>
    </div>
  );
}
