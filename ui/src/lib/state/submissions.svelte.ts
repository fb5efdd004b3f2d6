import type { Backend } from '../ipc/backend';
import { toIpcError } from '../ipc/backend';
import type { IpcError } from '../ipc/bindings/IpcError';
import type { Submission } from '../ipc/bindings/Submission';

export type SubmissionSort = 'uploaded' | 'name' | 'size';

/** Waits this long before asking again after a failed live update (unless Dropbox says). */
const RETRY_MS = 5_000;

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

  /** Loads (showing each page as it arrives), then follows changes until stopped. */
  async start(): Promise<void> {
    let cursor: string;
    try {
      // User Timing marks: the benchmark reads them (scripts/bench.sh).
      performance.mark('submissions:ask');
      cursor = await this.#backend.listSubmissions(this.#id, this.#folder, (page) => {
        performance.mark('submissions:page');
        if (!this.#running) return;
        this.files = this.files.length ? this.files.concat(page) : page;
        this.loaded = true;
      });
      if (!this.#running) return;
      this.loaded = true;
      this.complete = true;
    } catch (error) {
      this.error = toIpcError(error);
      return;
    }
    while (this.#running) {
      this.live = true;
      try {
        const changes = await this.#backend.submissionChanges(this.#id, cursor);
        if (!this.#running) return;
        this.error = undefined;
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
        const wait = (this.error.retryAfterSecs ?? 0) * 1000 || RETRY_MS;
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  stop(): void {
    this.#running = false;
    this.live = false;
  }
}
