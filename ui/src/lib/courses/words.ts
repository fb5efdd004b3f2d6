// The words and marks of the course grid.
import type { Cell } from '../ipc/bindings/Cell';
import type { RequestCounts } from '../ipc/bindings/RequestCounts';

/** "35 min", "4 h", "2 d": how late, short enough for a cell. */
export function lateness(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h`;
  return `${Math.round(minutes / 1440)} d`;
}

/** "35 minutes", "4 hours", "2 days": how late, in full for screen readers and tooltips. */
export function latenessInFull(minutes: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (minutes < 60) return plural(minutes, 'minute');
  if (minutes < 48 * 60) return plural(Math.round(minutes / 60), 'hour');
  return plural(Math.round(minutes / 1440), 'day');
}

/** What a cell shows: ✓ on time, ✓ and how late, ⚑ past the grace period, — missing, · not due. */
export function cellMark(cell: Cell): string {
  switch (cell.state) {
    case 'on_time':
      return '✓';
    case 'late':
      return `✓ ${lateness(cell.minutesLate ?? 0)}`;
    case 'past_grace':
      return `⚑ ${lateness(cell.minutesLate ?? 0)}`;
    case 'missing':
      return '—';
    case 'not_due':
      return '·';
    case 'excused':
      return 'excused';
  }
}

/** The cell in words: "late by 4 hours, inside the grace period". */
export function cellWords(cell: Cell): string {
  const extended = cell.extendedTo ? ' (has an extension)' : '';
  switch (cell.state) {
    case 'on_time':
      return `handed in on time${extended}`;
    case 'late':
      return `late by ${latenessInFull(cell.minutesLate ?? 0)}, inside the grace period${extended}`;
    case 'past_grace':
      return `late by ${latenessInFull(cell.minutesLate ?? 0)}, after the grace period${extended}`;
    case 'missing':
      return `missing${extended}`;
    case 'not_due':
      return `nothing yet, not due${extended}`;
    case 'excused':
      return 'excused';
  }
}

/** "27 in · 3 late · 3 missing · 2 unmatched" (parts that are zero left out, but "in"). */
export function countsLine(counts: RequestCounts): string {
  const parts = [`${counts.submitted} in`];
  if (counts.late) parts.push(`${counts.late} late`);
  if (counts.missing) parts.push(`${counts.missing} missing`);
  if (counts.notInYet) parts.push(`${counts.notInYet} not in yet`);
  if (counts.excused) parts.push(`${counts.excused} excused`);
  if (counts.unmatched) parts.push(`${counts.unmatched} unmatched`);
  return parts.join(' · ');
}

/** "the 3 students who have not submitted" / "the student who has not submitted". */
export function missingPhrase(count: number): string {
  return count === 1 ? 'the student who has not submitted' : `the ${count} students who have not submitted`;
}

/** "1 student", "31 students". */
export function studentsLabel(count: number): string {
  return count === 1 ? '1 student' : `${count.toLocaleString('en')} students`;
}
