import type { Backend } from '../ipc/backend';
import { toIpcError } from '../ipc/backend';
import type { CourseEdit } from '../ipc/bindings/CourseEdit';
import type { CourseSummary } from '../ipc/bindings/CourseSummary';
import type { CourseView } from '../ipc/bindings/CourseView';
import type { GridRow } from '../ipc/bindings/GridRow';
import type { IpcError } from '../ipc/bindings/IpcError';

export type SortBy = 'name' | 'missing' | 'late' | 'section';

function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The request whose deadline passed last (the one people ask about), else the first. */
function latestDue(view: CourseView): number {
  const now = new Date().toISOString();
  let best = -1;
  view.grid.requests.forEach((r, i) => {
    if (r.deadline && r.deadline <= now && (best < 0 || r.deadline > (view.grid.requests[best]?.deadline ?? ''))) best = i;
  });
  return Math.max(best, 0);
}

/** The Courses place: the list of courses, and the one open with its grid kept live. */
export class CoursesState {
  courses: CourseSummary[] = $state([]);
  listed = $state(false);
  listError: IpcError | undefined = $state();
  /** The course folder open. */
  folder: string | undefined = $state();
  /** Replaced whole, never changed in place: raw state, so 10,000 cells are not proxied. */
  view: CourseView | undefined = $state.raw();
  loading = $state(false);
  /** Files read so far while opening. */
  filesRead = $state(0);
  error: IpcError | undefined = $state();
  /** Someone else changed the course during the last edit; both changes are in. */
  merged = $state(false);
  search = $state('');
  missingOnly = $state(false);
  sortBy: SortBy = $state('name');
  /** The request (column) whose missing students the filter and the reminder are about. */
  column = $state(0);

  readonly #backend: Backend;
  /** Bumped whenever another course opens or the place closes: an older watch stops. */
  #generation = 0;

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  async list(): Promise<void> {
    this.listError = undefined;
    try {
      this.courses = await this.#backend.listCourses();
      this.listed = true;
    } catch (error) {
      this.listError = toIpcError(error);
    }
  }

  async add(folder: string): Promise<string> {
    const added = await this.#backend.addCourse(folder);
    await this.list();
    return added;
  }

  async open(folder: string): Promise<void> {
    const generation = ++this.#generation;
    if (this.folder !== folder) {
      this.view = undefined;
      this.column = 0;
    }
    this.folder = folder;
    this.loading = true;
    this.error = undefined;
    this.filesRead = 0;
    try {
      const view = await this.#backend.openCourse(folder, (n) => {
        if (generation === this.#generation) this.filesRead = n;
      });
      if (generation !== this.#generation) return;
      this.show(view);
      void this.#watch(generation, view.cursor);
    } catch (error) {
      if (generation === this.#generation) this.error = toIpcError(error);
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  /** Stops watching (the place closed). */
  close(): void {
    this.#generation++;
  }

  /** Reads the course again whenever something in its folder changes. */
  async #watch(generation: number, cursor: string): Promise<void> {
    while (generation === this.#generation) {
      let changed: boolean;
      try {
        changed = await this.#backend.courseChanges(cursor);
      } catch {
        // The watch ends on an error; opening the course again starts it anew.
        return;
      }
      if (generation !== this.#generation) return;
      if (!changed) continue;
      const folder = this.folder;
      if (!folder) return;
      try {
        const view = await this.#backend.openCourse(folder, () => {});
        if (generation !== this.#generation) return;
        this.show(view);
        cursor = view.cursor;
      } catch {
        return;
      }
    }
  }

  show(view: CourseView): void {
    const first = !this.view;
    this.view = view;
    this.merged = view.merged;
    if (first || this.column >= view.grid.requests.length) this.column = latestDue(view);
  }

  /** Saves one change; the grid shows the course as it is after it. Errors are thrown. */
  async edit(edit: CourseEdit): Promise<void> {
    const folder = this.folder;
    if (!folder) return;
    const view = await this.#backend.editCourse(folder, edit);
    if (this.folder === folder) this.show(view);
  }

  /** The rows shown: searched, filtered to the chosen request's missing, sorted. */
  get rows(): GridRow[] {
    const view = this.view;
    if (!view) return [];
    const words = fold(this.search.trim());
    const column = this.column;
    let rows = view.grid.rows;
    if (words) {
      rows = rows.filter((r) => {
        const s = r.student;
        return [s.firstName, s.lastName, s.email ?? '', s.studentId ?? '', s.section ?? '']
          .some((part) => fold(part).includes(words)) || fold(`${s.firstName} ${s.lastName}`).includes(words);
      });
    }
    if (this.missingOnly) {
      rows = rows.filter((r) => {
        const state = r.cells[column]?.state;
        return state === 'missing' || state === 'not_due';
      });
    }
    const by = this.sortBy;
    if (by === 'name') return rows;
    const key = (r: GridRow): number | string =>
      by === 'missing' ? -r.totals.missing : by === 'late' ? -r.totals.late : (r.student.section ?? '\uffff');
    return [...rows].sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
  }
}
