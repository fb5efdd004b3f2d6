import type { Whereabouts } from '../ipc/bindings/Whereabouts';

/** How long the window waits for the selection to settle before writing it down. */
const SETTLE_MS = 300;

/**
 * Writes down where the window is (with `write`, which `App` gives: `Backend.remember`) as it
 * changes: once the changes settle (arrow keys move the selection many times a second), only
 * what differs from what was last written, and at once when the place closes.
 */
export class Remembering {
  readonly #write: (whereabouts: Whereabouts) => void;
  #written: string;
  #pending: Whereabouts | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** `start`: what is already remembered (what the place opened with). */
  constructor(write: (whereabouts: Whereabouts) => void, start: Whereabouts) {
    this.#write = write;
    this.#written = JSON.stringify(start);
  }

  note(now: Whereabouts): void {
    this.#pending = now;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.flush(), SETTLE_MS);
  }

  flush(): void {
    clearTimeout(this.#timer);
    const now = this.#pending;
    this.#pending = undefined;
    if (now === undefined) return;
    const text = JSON.stringify(now);
    if (text === this.#written) return;
    this.#written = text;
    this.#write(now);
  }
}
