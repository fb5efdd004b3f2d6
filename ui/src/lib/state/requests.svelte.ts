import type { CountsOf } from '../ipc/bindings/CountsOf';
import type { Backend } from '../ipc/backend';
import { toIpcError } from '../ipc/backend';
import type { Created } from '../ipc/bindings/Created';
import type { IpcError } from '../ipc/bindings/IpcError';
import type { RequestForm } from '../ipc/bindings/RequestForm';
import type { RequestView } from '../ipc/bindings/RequestView';

import type { RequestFilter } from '../ipc/bindings/RequestFilter';
import type { RequestSort } from '../ipc/bindings/RequestSort';
import type { Whereabouts } from '../ipc/bindings/Whereabouts';

export type Filter = RequestFilter;
export type Sort = RequestSort;

/** A request with what its orders and the search compare, worked out once per list. */
interface Keyed {
  request: RequestView;
  /** Lower case, for the search. */
  title: string;
  /** 0 upcoming, 1 past, 2 no deadline. */
  group: number;
  /** Within the group: soonest upcoming first, latest past first. */
  at: number;
}

function keyed(request: RequestView, now: number): Keyed {
  const at = request.deadline ? Date.parse(request.deadline) : Number.NaN;
  const group = Number.isNaN(at) ? 2 : at >= now ? 0 : 1;
  return { request, title: request.title.toLowerCase(), group, at: group === 0 ? at : group === 1 ? -at : 0 };
}

/** Titles in the desktop language's order; one collator, as `localeCompare` makes one a call. */
const titleOrder = new Intl.Collator();

/** By deadline: upcoming first (soonest first), then past ones (latest first), then none. */
function byDeadline(a: Keyed, b: Keyed): number {
  return a.group - b.group || a.at - b.at || titleOrder.compare(a.request.title, b.request.title);
}

/** After the next frame is on screen: work that must not hold up the rows it follows. */
function afterPaint(work: () => void): void {
  requestAnimationFrame(() => setTimeout(work, 0));
}

/** Newest first (ISO times in UTC sort as text). */
function byCreated(a: Keyed, b: Keyed): number {
  return a.request.created < b.request.created ? 1 : a.request.created > b.request.created ? -1 : 0;
}

/** `rows` with the one at `at` replaced: the list is raw state, changed only by replacing it. */
function replaced(rows: RequestView[], at: number, row: RequestView): RequestView[] {
  const copy = rows.slice();
  copy[at] = row;
  return copy;
}

/** The file requests place: the list, what is shown of it, the selection, and the actions. */
export class RequestsState {
  /** Replaced, never changed in place: raw state keeps 4,000 rows cheap. */
  all: RequestView[] = $state.raw([]);
  total = $state(0);
  /** The first page is in. */
  loaded = $state(false);
  /** Every page is in. */
  complete = $state(false);
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
  /** What "upcoming" and "past" are measured against (the place's clock, in ms). */
  now = $state(Date.now());

  /**
   * Both orders, sorted once whenever the list (or the clock) changes: a search or a change
   * of order is then one pass over an array already in order, not a sort.
   */
  readonly #orders = $derived.by(() => {
    const rows = this.all.map((r) => keyed(r, this.now));
    return { deadline: [...rows].sort(byDeadline), created: rows.sort(byCreated) };
  });

  readonly visible: RequestView[] = $derived.by(() => {
    const words = this.search.trim().toLowerCase();
    const open = this.filter === 'open';
    const out: RequestView[] = [];
    for (const row of this.#orders[this.sort]) {
      if (this.filter !== 'all' && row.request.isOpen !== open) continue;
      if (words && !row.title.includes(words)) continue;
      out.push(row.request);
    }
    return out;
  });

  readonly #backend: Backend;
  /** The request selected when the account was last used: selected once the list has it. */
  #wanted: string | undefined;

  /** `left`: how the list was when the account was last used. */
  constructor(backend: Backend, left: Whereabouts = {}) {
    this.#backend = backend;
    this.filter = left.requestFilter ?? 'all';
    this.sort = left.requestSort ?? 'deadline';
    this.#wanted = left.requestId;
  }

  /** How the list is now, to open this way next time. */
  get whereabouts(): Whereabouts {
    return {
      requestFilter: this.filter,
      requestSort: this.sort,
      ...(this.selectedId ? { requestId: this.selectedId } : {}),
    };
  }

  /**
   * Shows request `id` selected, as a click on its notification asks: the search and the
   * filter give way if they hide it (or may: before the list has it); a request the list does
   * not have yet (made since it loaded) is looked for in the list read again.
   */
  reveal(id: string): void {
    if (this.all.some((r) => r.id === id)) {
      if (!this.visible.some((r) => r.id === id)) {
        this.search = '';
        this.filter = 'all';
      }
      this.selectedId = id;
      return;
    }
    this.#wanted = id;
    this.selectedId = undefined;
    this.search = '';
    this.filter = 'all';
    // A load under way selects it when a page has it.
    if (!this.loading) void this.load();
  }

  get selected(): RequestView | undefined {
    return this.all.find((r) => r.id === this.selectedId);
  }

  /** Loads the list, showing each page as it arrives. */
  async load(): Promise<void> {
    this.loading = true;
    this.error = undefined;
    this.complete = false;
    let first = true;
    // The request selected last time is selected as soon as a page has it. Until then the
    // first row is, and kept first (a later page may sort above it). Either gives way to a
    // row the user chose meanwhile.
    let chosenForUser: string | undefined;
    const selectFirst = () => {
      if (this.selected && this.selectedId !== chosenForUser) {
        this.#wanted = undefined;
        return;
      }
      const wanted = this.#wanted;
      if (wanted !== undefined && this.visible.some((r) => r.id === wanted)) {
        this.selectedId = wanted;
        chosenForUser = this.#wanted = undefined;
        return;
      }
      this.selectedId = chosenForUser = this.visible[0]?.id;
    };
    try {
      performance.mark('requests:ask');
      this.total = await this.#backend.listRequests((page) => {
        performance.mark('requests:page');
        // A new load starts the list again.
        this.all = first ? page : this.all.concat(page);
        first = false;
        this.loaded = true;
        selectFirst();
      });
      if (first) this.all = [];
      this.loaded = true;
      this.complete = true;
      selectFirst();
      this.#wanted = undefined;
    } catch (error) {
      this.error = toIpcError(error);
      this.#retryWhenAllowed(this.error);
    } finally {
      this.loading = false;
    }
    // The badges read folders and send the whole list to the core: after the list is drawn.
    afterPaint(() => void this.#countLate());
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
      // Raw state: the rows are plain objects already, with nothing to snapshot.
      const counts = await this.#backend.courseRequestCounts(this.all);
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
      this.all = replaced(this.all, at, request);
    }
    this.selectedId = request.id;
  }

  /** What the open submissions pane counts (live): the list's row says the same. */
  setCounts(id: string, files: number, late: number): void {
    const at = this.all.findIndex((r) => r.id === id);
    const request = this.all[at];
    if (request && request.fileCount !== files) {
      this.all = replaced(this.all, at, { ...request, fileCount: files });
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
