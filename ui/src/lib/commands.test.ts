import { describe, expect, it } from 'vitest';
import { ariaKeysOf, commandForKey, handleCommands, keysOf, runCommand } from './commands';

const key = (init: KeyboardEventInit) => new KeyboardEvent('keydown', init);

describe('the window’s keys', () => {
  it('are the table’s: places by digit, accounts by the digit key whatever Shift types', () => {
    expect(commandForKey(key({ ctrlKey: true, key: '3', code: 'Digit3' }))).toEqual({
      kind: 'openPlace',
      place: 'paper',
    });
    // Shift+1 types "!" on a US keyboard and "+" on a Swiss one.
    expect(commandForKey(key({ ctrlKey: true, shiftKey: true, key: '!', code: 'Digit1' }))).toEqual({
      kind: 'switchAccount',
      index: 0,
    });
    expect(commandForKey(key({ metaKey: true, key: 'L', code: 'KeyL' }))).toEqual({ kind: 'copyLink' });
    expect(commandForKey(key({ ctrlKey: true, key: '/', code: 'Slash' }))).toEqual({
      kind: 'showShortcuts',
    });
  });

  it('leave editing keys and zoom to the browser, and need Ctrl', () => {
    expect(commandForKey(key({ ctrlKey: true, key: 'c', code: 'KeyC' }))).toBeUndefined();
    expect(commandForKey(key({ ctrlKey: true, key: '=', code: 'Equal' }))).toBeUndefined();
    expect(commandForKey(key({ key: 'n', code: 'KeyN' }))).toBeUndefined();
    expect(commandForKey(key({ ctrlKey: true, altKey: true, key: 'n', code: 'KeyN' }))).toBeUndefined();
  });

  it('are said in words and for screen readers', () => {
    expect(keysOf({ kind: 'switchAccount', index: 2 })).toBe('Ctrl+Shift+3');
    expect(ariaKeysOf({ kind: 'switchAccount', index: 2 })).toBe('Control+Shift+3');
    expect(ariaKeysOf({ kind: 'openPlace', place: 'settings' })).toBe('Control+4');
  });
});

describe('a command', () => {
  it('goes to the latest handler that takes it, and none after its removal', () => {
    const seen: string[] = [];
    const removeOuter = handleCommands((c) => (seen.push(`outer ${c.kind}`), true));
    const removeInner = handleCommands((c) => c.kind === 'save' && (seen.push('inner save'), true));
    expect(runCommand({ kind: 'save' })).toBe(true);
    expect(runCommand({ kind: 'find' })).toBe(true);
    expect(seen).toEqual(['inner save', 'outer find']);
    removeInner();
    removeOuter();
    expect(runCommand({ kind: 'save' })).toBe(false);
  });
});
