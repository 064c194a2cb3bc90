import { useId, useRef, useState } from 'react';
import { useSearchParam } from '../lib/use-search-param.ts';
import { dateParam } from '../lib/search-params.ts';
import { addDays, asOfParamValue, todayUtc } from '../lib/dates.ts';

/**
 * "as of YYYY-MM-DD", bound to `?date=` (absent = today, UTC). Typed as ISO text so it reads the same for
 * everyone; ◂ ▸ step a day; the calendar button opens the browser's date picker.
 */
export function DateControl() {
  const [date, setDate] = useSearchParam('date', dateParam);
  const today = todayUtc();
  const value = date ?? today;
  const [draft, setDraft] = useState(value);
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    // The URL changed (back button, a link): show its day.
    setShown(value);
    setDraft(value);
  }
  const id = useId();
  const picker = useRef<HTMLInputElement>(null);

  const commit = (input: string) => {
    const next = asOfParamValue(input, today);
    if (next === undefined) setDraft(value);
    else setDate(next);
  };

  return (
    <div className="date-control" role="group" aria-label="As of date">
      <button type="button" className="icon-button" aria-label="Previous day" onClick={() => commit(addDays(value, -1))}>
        ◂
      </button>
      <label htmlFor={id}>as of</label>
      <input
        id={id}
        className="date-text num"
        type="text"
        inputMode="numeric"
        size={10}
        maxLength={10}
        pattern="\d{4}-\d{2}-\d{2}"
        value={draft}
        aria-describedby={`${id}-hint`}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={() => commit(draft)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') commit(draft);
          if (event.key === 'Escape') setDraft(value);
        }}
      />
      <span id={`${id}-hint`} className="visually-hidden">
        YYYY-MM-DD, UTC, up to today
      </span>
      <button
        type="button"
        className="icon-button"
        aria-label="Next day"
        disabled={value >= today}
        onClick={() => commit(addDays(value, 1))}
      >
        ▸
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label="Pick a date"
        onClick={() => picker.current?.showPicker()}
      >
        <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          <rect x="1.5" y="3" width="13" height="11.5" rx="1.5" fill="none" stroke="currentColor" />
          <path d="M1.5 6.5h13M5 1.5v3M11 1.5v3" stroke="currentColor" />
        </svg>
      </button>
      <input
        ref={picker}
        type="date"
        className="picker-proxy"
        tabIndex={-1}
        aria-hidden="true"
        value={value}
        max={today}
        onChange={(event) => commit(event.target.value)}
      />
      {date !== null && (
        <button type="button" className="button button-small" onClick={() => setDate(null)}>
          Today
        </button>
      )}
    </div>
  );
}
