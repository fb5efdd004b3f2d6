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
  files: Submission[] = $state([]);
  loaded = $state(false);
  live = $state(false);
  error: IpcError | undefined = $state();
  lateOnly = $state(false);
  sort: SubmissionSort = $state('uploaded');
  /** Paths of the files that arrived last while the pane was open, highlighted. */
  fresh: readonly string[] = $state([]);

  readonly #backend: Backend;
  readonly #id: string;
  #running = true;

  constructor(backend: Backend, id: string) {
    this.#backend = backend;
    this.#id = id;
  }

  get visible(): Submission[] {
    const shown = this.lateOnly ? this.files.filter((f) => f.late) : [...this.files];
    switch (this.sort) {
      case 'name':
        return shown.sort((a, b) => a.name.localeCompare(b.name));
      case 'size':
        return shown.sort((a, b) => b.size - a.size);
      default:
        return shown.sort((a, b) => b.uploaded.localeCompare(a.uploaded));
    }
  }

  get lateCount(): number {
    return this.files.filter((f) => f.late).length;
  }

  /** Loads, then follows changes until stopped. */
  async start(): Promise<void> {
    let cursor: string;
    try {
      const first = await this.#backend.listSubmissions(this.#id);
      if (!this.#running) return;
      this.files = first.files;
      this.loaded = true;
      cursor = first.cursor;
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
