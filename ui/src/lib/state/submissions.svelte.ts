import type { Backend } from '../ipc/backend';
import { toIpcError } from '../ipc/backend';
import type { IpcError } from '../ipc/bindings/IpcError';
import type { Submission } from '../ipc/bindings/Submission';
import { Countdown, isPassing, retryDelayMs } from './countdown.svelte';

export type SubmissionSort = 'uploaded' | 'name' | 'size';

/**
 * A request's submissions: loaded once, then kept current by asking Dropbox what changed,
 * again and again, until `stop()` (the pane closed or showed another request).
 */
export class SubmissionsState {
  /** Replaced, never changed in place: raw state keeps 10,000 rows cheap. */
  files: Submission[] = $state.raw([]);
  /** The first page is in. */
  loaded = $state(false);
  /** Every page is in. */
  complete = $state(false);
  live = $state(false);
  error: IpcError | undefined = $state();
  lateOnly = $state(false);
  sort: SubmissionSort = $state('uploaded');
  /** Paths of the files that arrived last while the pane was open, highlighted. */
  fresh: readonly string[] = $state([]);
  /** The wait before the next try after a failure that passes by itself. */
  readonly retry = new Countdown();

  readonly #backend: Backend;
  readonly #id: string;
  readonly #folder: string | null;
  #running = true;

  /** `folder`: where the request collects, as the list says (looked up again meanwhile). */
  constructor(backend: Backend, id: string, folder: string | null = null) {
    this.#backend = backend;
    this.#id = id;
    this.#folder = folder;
  }

  get visible(): Submission[] {
    const shown = this.lateOnly ? this.files.filter((f) => f.late) : [...this.files];
    switch (this.sort) {
      case 'name':
        return shown.sort((a, b) => a.name.localeCompare(b.name));
      case 'size':
        return shown.sort((a, b) => b.size - a.size);
      default:
        // ISO times in UTC sort as text.
        return shown.sort((a, b) => (a.uploaded < b.uploaded ? 1 : a.uploaded > b.uploaded ? -1 : 0));
    }
  }

  get lateCount(): number {
    return this.files.filter((f) => f.late).length;
  }

  /**
   * Loads (showing each page as it arrives), then follows changes until stopped. Failures
   * that pass by themselves (offline, Dropbox failing, "slow down") are tried again with a
   * growing wait while the pane is open; others stop and say why.
   */
  async start(): Promise<void> {
    const cursor = await this.#list();
    if (cursor !== undefined) await this.#follow(cursor);
  }

  /** Every page, tried again until it goes through; `undefined` when it cannot. */
  async #list(): Promise<string | undefined> {
    for (let attempt = 1; this.#running; attempt++) {
      let first = true;
      try {
        // User Timing marks: the benchmark reads them (scripts/bench.sh).
        performance.mark('submissions:ask');
        const cursor = await this.#backend.listSubmissions(this.#id, this.#folder, (page) => {
          performance.mark('submissions:page');
          if (!this.#running) return;
          // A new try starts the list again.
          this.files = first || !this.files.length ? page : this.files.concat(page);
          first = false;
          this.loaded = true;
        });
        if (!this.#running) return undefined;
        if (first) this.files = [];
        this.error = undefined;
        this.loaded = true;
        this.complete = true;
        return cursor;
      } catch (error) {
        if (!this.#running) return undefined;
        this.error = toIpcError(error);
        if (!isPassing(this.error)) return undefined;
        await this.retry.wait(retryDelayMs(this.error, attempt));
      }
    }
    return undefined;
  }

  async #follow(start: string): Promise<void> {
    let cursor = start;
    let failures = 0;
    while (this.#running) {
      this.live = true;
      try {
        const changes = await this.#backend.submissionChanges(this.#id, cursor);
        if (!this.#running) return;
        this.error = undefined;
        failures = 0;
        cursor = changes.cursor;
        if (changes.reset) {
          this.files = changes.files;
          continue;
        }
        const gone: Record<string, true> = Object.fromEntries(
          [...changes.removed, ...changes.files.map((f) => f.path)].map((p) => [p, true]),
        );
        this.files = [...changes.files, ...this.files.filter((f) => !gone[f.path])];
        if (changes.files.length) this.fresh = changes.files.map((f) => f.path);
      } catch (error) {
        if (!this.#running) return;
        this.live = false;
        this.error = toIpcError(error);
        if (!isPassing(this.error)) return;
        await this.retry.wait(retryDelayMs(this.error, ++failures));
      }
    }
  }

  stop(): void {
    this.#running = false;
    this.live = false;
    this.retry.now();
  }
}
