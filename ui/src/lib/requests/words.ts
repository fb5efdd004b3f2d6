import type { Grace } from '../ipc/bindings/Grace';
import type { RequestView } from '../ipc/bindings/RequestView';
import { formatLocal, localTimeZone, relative, userLocale } from './time';

export const GRACE_CHOICES: readonly { value: Grace; label: string }[] = [
  { value: 'none', label: 'not allowed' },
  { value: 'one_day', label: '1 day' },
  { value: 'two_days', label: '2 days' },
  { value: 'seven_days', label: '7 days' },
  { value: 'thirty_days', label: '30 days' },
  { value: 'always', label: 'always' },
];

export function graceSentence(grace: Grace): string {
  switch (grace) {
    case 'none':
      return 'No late uploads';
    case 'always':
      return 'Late uploads accepted any time';
    default:
      return `Late uploads accepted for ${GRACE_CHOICES.find((g) => g.value === grace)?.label ?? ''}`;
  }
}

/** What late uploads can still do for `request` at `now`. */
export function lateSentence(request: RequestView, now: Date): string {
  const past = request.deadline !== null && Date.parse(request.deadline) <= now.getTime();
  if (!past || !request.isOpen) return graceSentence(request.grace);
  if (request.grace === 'always') return 'The deadline has passed; late uploads are accepted any time.';
  if (request.grace === 'none' || !request.lateUntil) {
    return 'The deadline has passed; no late uploads are accepted.';
  }
  if (Date.parse(request.lateUntil) > now.getTime()) {
    return `The deadline has passed; late uploads accepted until ${formatLocal(request.lateUntil)} (${relative(request.lateUntil, now)}).`;
  }
  return `The deadline has passed and late uploads ended ${relative(request.lateUntil, now)}.`;
}

/** "Fri 14 Mar, 17:00 CET" (in en-GB) for the invitation text. */
function invitationDeadline(iso: string, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
    timeZone,
  }).format(new Date(iso));
}

/** The ready-to-send text "Copy invitation" puts on the clipboard. */
export function invitation(request: Pick<RequestView, 'title' | 'deadline' | 'url'>, timeZone = localTimeZone(), locale = userLocale()): string {
  const by = request.deadline ? ` by ${invitationDeadline(request.deadline, timeZone, locale)}` : '';
  return `Please upload your ${request.title} here${by}: ${request.url}`;
}

export function filesLabel(count: number): string {
  return count === 1 ? '1 file' : `${count.toLocaleString('en')} files`;
}

/** "812 B", "14 KB", "3.2 MB", "1.4 GB". */
export function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(1)} GB`;
}
