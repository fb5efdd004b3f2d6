/**
 * How text from other people (titles, file and folder names, doc titles) is shown: isolated
 * from what surrounds it (`<bdi>`), and, where the user decides something about it, with its
 * invisible direction controls made visible. `Homework \u202Efdp.exe` shows as
 * `Homework exe.pdf`; revealed it is `Homework ⟨RLO⟩fdp.exe`.
 */
const CONTROL_NAMES: Record<string, string> = {
  '\u061C': 'ALM',
  '\u200E': 'LRM',
  '\u200F': 'RLM',
  '\u202A': 'LRE',
  '\u202B': 'RLE',
  '\u202C': 'PDF',
  '\u202D': 'LRO',
  '\u202E': 'RLO',
  '\u2066': 'LRI',
  '\u2067': 'RLI',
  '\u2068': 'FSI',
  '\u2069': 'PDI',
};

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const HIDDEN = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]|[\u0000-\u001F\u007F]/gu;

/** Whether `text` holds characters that change how it shows without showing themselves. */
export function hasHiddenControls(text: string): boolean {
  HIDDEN.lastIndex = 0;
  return HIDDEN.test(text);
}

/** `text` with each direction or control character written out (`⟨RLO⟩`, `⟨U+0007⟩`). */
export function revealed(text: string): string {
  return text.replace(HIDDEN, (c) => {
    const name = CONTROL_NAMES[c] ?? `U+${c.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}`;
    return `⟨${name}⟩`;
  });
}
