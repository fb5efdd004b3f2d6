import type { Place } from './ipc/bindings/Place';
import { SHORTCUTS } from './ipc/bindings/shortcuts';

/** The places of the app (the core owns their names); the sidebar never changes. */
export type { Place };

export interface PlaceInfo {
  id: Place;
  label: string;
  summary: string;
}

/** A place's name, as the core's shortcut table (and so the menu bar) says it. */
function nameOf(place: Place): string {
  const shortcut = SHORTCUTS.find((s) => s.command?.kind === 'openPlace' && s.command.place === place);
  return shortcut?.action ?? place;
}

export const PLACES: readonly PlaceInfo[] = [
  {
    id: 'requests',
    label: nameOf('requests'),
    summary: 'Collect homework into a Dropbox folder, with a deadline and a late-upload grace period.',
  },
  {
    id: 'courses',
    label: nameOf('courses'),
    summary: 'Who has handed in, who is late and who is missing, for a whole class at once.',
  },
  {
    id: 'paper',
    label: nameOf('paper'),
    summary: 'Keep lecture notes and course logs in Dropbox Paper, written in Markdown.',
  },
  {
    id: 'settings',
    label: nameOf('settings'),
    summary: 'Connect your own Dropbox app, and see where Dropdesk keeps its files.',
  },
];
