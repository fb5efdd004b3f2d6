// Deadlines in the user's time zone, with relative time beside them ("Fri 14 Mar 17:00 · in 3
// days"), and the UTC equivalent for hover and the form.

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;

// Building an Intl.DateTimeFormat costs far more than using one (a list of 10,000 files
// formats two dates a row): they are made once per time zone and kept.
let zone: string | undefined;
const formatters = new Map<string, { day: Intl.DateTimeFormat; time: Intl.DateTimeFormat }>();

export function localTimeZone(): string {
  zone ??= Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone;
}

function formattersFor(timeZone: string) {
  let found = formatters.get(timeZone);
  if (!found) {
    found = {
      day: new Intl.DateTimeFormat('en-GB', {
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        timeZone,
      }),
      time: new Intl.DateTimeFormat('en-GB', {
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZone,
      }),
    };
    formatters.set(timeZone, found);
  }
  return found;
}

/** "Fri 14 Mar 17:00" in `timeZone`. */
export function formatLocal(iso: string, timeZone = localTimeZone()): string {
  const date = new Date(iso);
  const { day, time } = formattersFor(timeZone);
  return `${day.format(date).replace(',', '')} ${time.format(date)}`;
}

/** "16:00 UTC, Fri 14 Mar". */
export function formatUtc(iso: string): string {
  const parts = formatLocal(iso, 'UTC').split(' ');
  const time = parts.pop() ?? '';
  return `${time} UTC, ${parts.join(' ')}`;
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
export function deadlineLabel(iso: string, now: Date, timeZone = localTimeZone()): string {
  return `${formatLocal(iso, timeZone)} · ${relative(iso, now)}`;
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
