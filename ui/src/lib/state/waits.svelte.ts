// Dropbox's waits (a 429's Retry-After, a 5xx back-off, a lost connection) as the backend
// reports them: one listener for the window, read by every banner that shows them (the
// window's, and a modal dialog's, which covers the window's).
import { getContext, setContext } from 'svelte';
import type { Backend } from '../ipc/backend';
import type { WaitKind } from '../ipc/bindings/WaitKind';

/** Shorter waits pass before anyone could read about them. */
const SHOWN_FROM_MS = 1000;

const WORDS: Record<WaitKind, string> = {
  rate_limited: 'Dropbox asked us to slow down.',
  server_error: 'Dropbox is having trouble.',
  connection: "Can't reach Dropbox.",
};

const KEY = Symbol('waits');

export class Waits {
  kind: WaitKind = $state('rate_limited');
  until = $state(0);
  now = $state(Date.now());

  /** Listens to the backend and ticks the clock; answers the cleanup. */
  watch(backend: Backend): () => void {
    void backend.watchWaits((notice) => {
      if (notice.delayMs < SHOWN_FROM_MS) return;
      this.kind = notice.kind;
      this.now = Date.now();
      this.until = Math.max(this.until, this.now + notice.delayMs);
    });
    const clock = setInterval(() => (this.now = Date.now()), 250);
    return () => clearInterval(clock);
  }

  /** Whole seconds until the call is sent again; 0 or less when nothing waits. */
  get left(): number {
    return Math.ceil((this.until - this.now) / 1000);
  }

  get words(): string {
    return WORDS[this.kind];
  }
}

/** Makes `waits` the window's, for the components below. */
export function provideWaits(waits: Waits): void {
  setContext(KEY, waits);
}

/** The window's waits, when a component sits inside the window. */
export function windowWaits(): Waits | undefined {
  return getContext<Waits | undefined>(KEY);
}
