import { describe, expect, it } from 'vitest';
import { hasHiddenControls, revealed } from './untrusted';

describe('text from other people', () => {
  it('shows direction overrides and control characters instead of obeying them', () => {
    expect(revealed('x\u202Efdp.exe')).toBe('x⟨RLO⟩fdp.exe');
    expect(revealed('a\u2066b\u2069\u0007')).toBe('a⟨LRI⟩b⟨PDI⟩⟨U+0007⟩');
    expect(hasHiddenControls('Homework \u202Efdp.exe')).toBe(true);
    expect(hasHiddenControls('Hausaufgabe 3 — שיעורי בית')).toBe(false);
    expect(revealed('résumé.pdf')).toBe('résumé.pdf');
  });
});
