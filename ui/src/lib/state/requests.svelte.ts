import type { CountsOf } from '../ipc/bindings/CountsOf';
import type { Backend } from '../ipc/backend';
import { toIpcError } from '../ipc/backend';
import type { Created } from '../ipc/bindings/Created';
import type { IpcError } from '../ipc/bindings/IpcError';
import type { RequestForm } from '../ipc/bindings/RequestForm';
import type { RequestView } from '../ipc/bindings/RequestView';

export type Filter = 'all' | 'open' | 'closed';
export type Sort = 'deadline' | 'created';

/** Sorts by deadline: upcoming first (soonest first), then past ones (latest first), then none. */
function byDeadline(now: number) {
  const rank = (r: RequestView) => {
    if (!r.deadline) return [2, 0] as const;
    const at = new Date(r.deadline).getTime();
    return at >= now ? ([0, at] as const) : ([1, -at] as const);
  };
  return (a: RequestView, b: RequestView) => {
    const [ga, ka] = rank(a);
    const [gb, kb] = rank(b);
    return ga - gb || ka - kb || a.title.localeCompare(b.title);
  };
}

/** The file requests place: the list, what is shown of it, the selection, and the actions. */
export class RequestsState {
  all: RequestView[] = $state([]);
  total = $state(0);
  loaded = $state(false);
  loading = $state(false);
  error: IpcError | undefined = $state();
  filter: Filter = $state('all');
  search = $state('');
  sort: Sort = $state('deadline');
  selectedId: string | undefined = $state();
  /** Late files per request, filled in after the list (it reads the folders). */
  late: Record<string, number> = $state({});
  /** Submitted, late, missing and unmatched counts of requests in a course with a class list. */
  course: Record<string, CountsOf> = $state({});

  readonly #backend: Backend;

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  get visible(): RequestView[] {
    const words = this.search.trim().toLowerCase();
    const shown = this.all.filter(
      (r) =>
        (this.filter === 'all' || r.isOpen === (this.filter === 'open')) &&
        (!words || r.title.toLowerCase().includes(words)),
    );
    return this.sort === 'created'
      ? shown.sort((a, b) => b.created.localeCompare(a.created))
      : shown.sort(byDeadline(Date.now()));
  }

  get selected(): RequestView | undefined {
    return this.all.find((r) => r.id === this.selectedId);
  }

  async load(): Promise<void> {
    this.loading = true;
    this.error = undefined;
    try {
      const list = await this.#backend.listRequests();
      this.all = list.requests;
      this.total = list.total;
      this.loaded = true;
      if (!this.selected) this.selectedId = this.visible[0]?.id;
    } catch (error) {
      this.error = toIpcError(error);
      this.#retryWhenAllowed(this.error);
    } finally {
      this.loading = false;
    }
    void this.#countLate();
  }

  #retry: ReturnType<typeof setTimeout> | undefined;

  /** Dropbox kept saying "slow down" past the client's own retries: load again when it allows. */
  #retryWhenAllowed(error: IpcError): void {
    if (error.code !== 'rate_limited') return;
    clearTimeout(this.#retry);
    this.#retry = setTimeout(() => void this.load(), (error.retryAfterSecs ?? 5) * 1000);
  }

  /** Only requests past their deadline with files can have late ones: the list has that. */
  async #countLate(): Promise<void> {
    const now = Date.now();
    const due = this.all
      .filter((r) => r.fileCount > 0 && r.deadline && Date.parse(r.deadline) < now)
      .map((r) => r.id);
    void this.countCourses();
    if (!due.length) return;
    try {
      const counts = await this.#backend.lateCounts(due);
      this.late = Object.fromEntries(counts.map((c) => [c.id, c.late]));
    } catch {
      // The badges are a convenience; the list stands without them.
    }
  }

  /** Reads the course counts again (after a load, or when the open pane saw files change). */
  async countCourses(): Promise<void> {
    try {
      const counts = await this.#backend.courseRequestCounts($state.snapshot(this.all));
      this.course = Object.fromEntries(counts.map((c) => [c.id, c]));
    } catch {
      // The counts are a convenience; the list stands without them.
    }
  }

  /** Moves the selection by `step` within what is shown (the list's ↑ ↓ Home End). */
  move(step: number | 'first' | 'last'): void {
    const shown = this.visible;
    if (!shown.length) return;
    const at = shown.findIndex((r) => r.id === this.selectedId);
    const next =
      step === 'first'
        ? 0
        : step === 'last'
          ? shown.length - 1
          : Math.min(shown.length - 1, Math.max(0, (at < 0 ? 0 : at) + step));
    this.selectedId = shown[next]?.id;
  }

  #put(request: RequestView): void {
    const at = this.all.findIndex((r) => r.id === request.id);
    if (at < 0) {
      this.all = [request, ...this.all];
      this.total += 1;
    } else {
      this.all[at] = request;
    }
    this.selectedId = request.id;
  }

  /** The submissions pane counted the files: keep the list's count in step. */
  /** What the open submissions pane counts (live): the list's row says the same. */
  setCounts(id: string, files: number, late: number): void {
    const request = this.all.find((r) => r.id === id);
    if (request && request.fileCount !== files) {
      request.fileCount = files;
      if (this.course[id]) void this.countCourses();
    }
    if ((this.late[id] ?? 0) !== late) this.late = { ...this.late, [id]: late };
  }

  /**
   * Creates or edits; a refusal is thrown to the dialog, which keeps the form as typed.
   * `earlier`: see `Backend.createRequest`.
   */
  async save(form: RequestForm, id?: string, earlier: string | null = null): Promise<Created> {
    const created: Created = id
      ? { request: await this.#backend.updateRequest(id, form), foundAfterLostAnswer: false }
      : await this.#backend.createRequest(form, earlier);
    this.#put(created.request);
    return created;
  }

  async setOpen(id: string, open: boolean): Promise<void> {
    await this.#act(async () => this.#put(await this.#backend.setRequestOpen(id, open)));
  }

  async remove(id: string): Promise<void> {
    await this.#act(async () => {
      await this.#backend.deleteRequest(id);
      const shown = this.visible;
      const at = shown.findIndex((r) => r.id === id);
      this.all = this.all.filter((r) => r.id !== id);
      this.total -= 1;
      const rest = shown.filter((r) => r.id !== id);
      this.selectedId = rest[Math.min(at, rest.length - 1)]?.id;
    });
  }

  async removeAllClosed(): Promise<number> {
    let count = 0;
    await this.#act(async () => {
      count = await this.#backend.deleteClosedRequests();
      this.all = this.all.filter((r) => r.isOpen);
      this.total -= count;
      if (!this.selected) this.selectedId = this.visible[0]?.id;
    });
    return count;
  }

  async #act(action: () => Promise<void>): Promise<void> {
    this.error = undefined;
    try {
      await action();
    } catch (error) {
      this.error = toIpcError(error);
    }
  }
}
