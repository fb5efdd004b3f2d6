import type { Command } from './ipc/bindings/Command';
import type { Chord } from './ipc/bindings/Chord';
import type { Shortcut } from './ipc/bindings/Shortcut';
import { SHORTCUTS } from './ipc/bindings/shortcuts';

/**
 * The menu bar's commands and the window's own keys, carried to whoever on screen does them:
 * the app (places, accounts, the shortcuts overlay) and the place or editor showing (New,
 * Copy link, Save, Search). The keys are the core's table (`shortcuts.ts`, generated); in the
 * app the menu bar takes them before the page does and sends the command instead, so either
 * way one handler runs.
 */
export type { Command };

/** Does `command` and says so, or says it is not its to do. */
export type CommandHandler = (command: Command) => boolean;

const handlers: CommandHandler[] = [];
let listening = false;

/**
 * Adds a handler, asked before those added earlier; returns its removal (for `$effect`).
 * The first one starts the window's own key handling.
 */
export function handleCommands(handler: CommandHandler): () => void {
  if (!listening) {
    listening = true;
    window.addEventListener('keydown', runKey);
  }
  handlers.push(handler);
  return () => {
    const at = handlers.lastIndexOf(handler);
    if (at >= 0) handlers.splice(at, 1);
  };
}

/** Hands `command` to the latest handler that takes it; false when none does. */
export function runCommand(command: Command): boolean {
  for (let i = handlers.length - 1; i >= 0; i--) {
    if (handlers[i]?.(command)) return true;
  }
  return false;
}

const KEYS: Record<string, readonly string[]> = {
  Equal: ['=', '+'],
  Minus: ['-'],
  Slash: ['/', '?'],
};

function matches(chord: Chord, event: KeyboardEvent): boolean {
  if (chord.ctrl !== (event.ctrlKey || event.metaKey) || chord.shift !== event.shiftKey) return false;
  if (event.altKey) return false;
  const { code } = chord;
  // Letters by what the key types (the layout's), digits by the key (Shift changes what
  // they type), signs by either.
  if (code.startsWith('Key')) return event.key.toLowerCase() === code.slice(3).toLowerCase();
  if (code.startsWith('Digit')) return event.code === code;
  return event.code === code || (KEYS[code] ?? []).includes(event.key);
}

/** The window's command `event` asks for, if any (editing keys and zoom stay the browser's). */
export function commandForKey(event: KeyboardEvent): Command | undefined {
  const shortcut = SHORTCUTS.find((s) => s.byWindow && s.chord && matches(s.chord, event));
  return shortcut?.command;
}

/** Runs the command `event` asks for; true when something did it (the key is then spent). */
function runKey(event: KeyboardEvent): boolean {
  const command = commandForKey(event);
  if (!command || !runCommand(command)) return false;
  event.preventDefault();
  return true;
}

/** The table's line for `command`, if it has one. */
function shortcutOf(command: Command): Shortcut | undefined {
  const wanted = JSON.stringify(command);
  return SHORTCUTS.find((s) => s.command && JSON.stringify(s.command) === wanted);
}

/** The keys of `command` as a person reads them (`Ctrl+1`), or undefined. */
export function keysOf(command: Command): string | undefined {
  return shortcutOf(command)?.keys;
}

/** The keys of `command` as `aria-keyshortcuts` writes them (`Control+Shift+1`). */
export function ariaKeysOf(command: Command): string | undefined {
  const shortcut = shortcutOf(command);
  const chord = shortcut?.chord;
  if (!chord) return undefined;
  const key = shortcut.keys.split('+').at(-1) ?? '';
  return [chord.ctrl ? 'Control' : '', chord.shift ? 'Shift' : '', key].filter(Boolean).join('+');
}
