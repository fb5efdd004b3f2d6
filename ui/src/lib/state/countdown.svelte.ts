import type { IpcError } from '../ipc/bindings/IpcError';

/** Failures that pass by themselves: Dropbox unreachable, failing, or asking us to slow down. */
export function isPassing(error: IpcError): boolean {
  return error.code === 'offline' || error.code === 'unavailable' || error.code === 'rate_limited';
}

/**
 * How long to wait before trying again: as long as Dropbox asked, or 2, 4, 8, 16 s and then
 * every 30 s.
 */
export function retryDelayMs(error: IpcError, attempt: number): number {
  if (error.code === 'rate_limited') return Math.max(1, error.retryAfterSecs ?? 5) * 1000;
  return backoffMs(attempt);
}

/** 2, 4, 8, 16 s for attempts 1 to 4, then every 30 s. */
export function backoffMs(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.min(Math.max(attempt, 1), 5));
}

/** A wait the window shows as "Retrying in N s…", which "Retry now" or `stop()` ends early. */
export class Countdown {
  /** Whole seconds left; `undefined` while not waiting. */
  secondsLeft: number | undefined = $state();
  #end: (() => void) | undefined;

  wait(ms: number): Promise<void> {
    this.#end?.();
    return new Promise((resolve) => {
      const until = Date.now() + ms;
      this.secondsLeft = Math.ceil(ms / 1000);
      const tick = setInterval(() => {
        const left = until - Date.now();
        if (left <= 0) end();
        else this.secondsLeft = Math.ceil(left / 1000);
      }, 250);
      const end = () => {
        clearInterval(tick);
        this.secondsLeft = undefined;
        this.#end = undefined;
        resolve();
      };
      this.#end = end;
    });
  }

  /** "Retry now": the wait ends at once. */
  now(): void {
    this.#end?.();
  }
}
