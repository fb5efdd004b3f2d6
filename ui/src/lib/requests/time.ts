// Deadlines in the user's time zone and the user's locale, with relative time beside them ("Fri
// 14 Mar 17:00 · in 3 days" in en-GB, "Fri Mar 14 5:00 PM · in 3 days" in en-US), and the UTC
// equivalent for hover and the form.

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;

// Building an Intl.DateTimeFormat costs far more than using one (a list of 10,000 files
// formats two dates a row): they are made once per time zone and kept.
let zone: string | undefined;
let locale: string | undefined;
const formatters = new Map<string, { day: Intl.DateTimeFormat; time: Intl.DateTimeFormat }>();

export function localTimeZone(): string {
  zone ??= Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone;
}

/**
 * The user's locale: the desktop's language, as the webview reports it. What Intl cannot use
 * (a webview started under LANG=C may report "c") falls back to Intl's own default.
 */
export function userLocale(): string {
  locale ??= usableLocale(navigator.language) ?? Intl.DateTimeFormat().resolvedOptions().locale;
  return locale;
}

/** `tag` if Intl can format with it; `undefined` for what it cannot ("c", "", "en_US"). */
export function usableLocale(tag: string | undefined): string | undefined {
  if (!tag) return undefined;
  try {
    return Intl.DateTimeFormat.supportedLocalesOf(tag)[0];
  } catch {
    return undefined;
  }
}

function formattersFor(timeZone: string, locale: string) {
  const key = `${locale} ${timeZone}`;
  let found = formatters.get(key);
  if (!found) {
    found = {
      day: new Intl.DateTimeFormat(locale, {
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        timeZone,
      }),
      time: new Intl.DateTimeFormat(locale, {
        hour: 'numeric',
        minute: '2-digit',
        timeZone,
      }),
    };
    formatters.set(key, found);
  }
  return found;
}

/** "Fri 14 Mar 17:00" in `timeZone`, in the order and clock of `locale`. */
export function formatLocal(iso: string, timeZone = localTimeZone(), locale = userLocale()): string {
  const date = new Date(iso);
  const { day, time } = formattersFor(timeZone, locale);
  return `${day.format(date).replace(',', '')} ${time.format(date)}`;
}

/** "16:00 UTC, Fri 14 Mar". */
export function formatUtc(iso: string, locale = userLocale()): string {
  const date = new Date(iso);
  const { day, time } = formattersFor('UTC', locale);
  return `${time.format(date)} UTC, ${day.format(date).replace(',', '')}`;
}

/** "Friday, 5 December 2026 at 17:00" (en-GB): a deadline being chosen, year and all, in `locale`. */
export function formatLong(iso: string, timeZone = localTimeZone(), locale = userLocale()): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short', timeZone }).format(new Date(iso));
}

/** "in 3 days", "in 5 h", "2 days ago", "just now". */
export function relative(iso: string, now: Date): string {
  const delta = new Date(iso).getTime() - now.getTime();
  const size = Math.abs(delta);
  let amount: string;
  if (size < MINUTE) return 'just now';
  if (size < HOUR) amount = `${Math.round(size / MINUTE)} min`;
  else if (size < DAY) amount = `${Math.round(size / HOUR)} h`;
  else if (size < 45 * DAY) {
    const days = Math.round(size / DAY);
    amount = `${days} ${days === 1 ? 'day' : 'days'}`;
  } else if (size < 365 * DAY) {
    const months = Math.round(size / (30.44 * DAY));
    amount = `${months} ${months === 1 ? 'month' : 'months'}`;
  } else {
    const years = Math.round(size / (365.25 * DAY));
    amount = `${years} ${years === 1 ? 'year' : 'years'}`;
  }
  return delta > 0 ? `in ${amount}` : `${amount} ago`;
}

/** The deadline as a list row shows it. */
export function deadlineLabel(iso: string, now: Date, timeZone = localTimeZone(), locale = userLocale()): string {
  return `${formatLocal(iso, timeZone, locale)} · ${relative(iso, now)}`;
}

/**
 * The UTC instant a local date and time stand for, for showing beside the form's fields (Rust
 * does the conversion that counts). `undefined` while the fields are incomplete.
 */
export function localInputToUtc(date: string, time: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return undefined;
  const instant = new Date(`${date}T${time}`);
  return Number.isNaN(instant.getTime()) ? undefined : instant.toISOString();
}

/** The local date and time fields for a UTC deadline (editing). */
export function utcToLocalInput(iso: string): { date: string; time: string } {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
    time: `${pad(d.getHours())}:${pad(d.getMinutes())}`,
  };
}
