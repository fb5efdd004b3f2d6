import type { Place } from './ipc/bindings/Place';

/** The places of the app (the core owns their names); the sidebar never changes. */
export type { Place };

export interface PlaceInfo {
  id: Place;
  label: string;
  /** Ctrl/⌘ + this digit opens the place. */
  key: string;
  summary: string;
}

export const PLACES: readonly PlaceInfo[] = [
  {
    id: 'requests',
    label: 'File requests',
    key: '1',
    summary: 'Collect homework into a Dropbox folder, with a deadline and a late-upload grace period.',
  },
  {
    id: 'courses',
    label: 'Courses',
    key: '2',
    summary: 'Who has handed in, who is late and who is missing, for a whole class at once.',
  },
  {
    id: 'paper',
    label: 'Paper docs',
    key: '3',
    summary: 'Keep lecture notes and course logs in Dropbox Paper, written in Markdown.',
  },
  {
    id: 'settings',
    label: 'Settings',
    key: '4',
    summary: 'Connect your own Dropbox app, and see where Dropdesk keeps its files.',
  },
];

/** The place a Ctrl/⌘+digit shortcut opens, if any. */
export function placeForShortcut(event: KeyboardEvent): Place | undefined {
  if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return undefined;
  return PLACES.find((p) => p.key === event.key)?.id;
}

/**
 * The account (0 for the first listed) a Ctrl/⌘+Shift+digit shortcut switches to, if any.
 * Shift changes what the digit key types (`!` on US keyboards), so the key's code is read.
 */
export function accountForShortcut(event: KeyboardEvent): number | undefined {
  if (!(event.ctrlKey || event.metaKey) || event.altKey || !event.shiftKey) return undefined;
  const digit = /^Digit([1-9])$/.exec(event.code)?.[1];
  return digit === undefined ? undefined : Number(digit) - 1;
}
