import type { Backend } from '../ipc/backend';
import { toIpcError } from '../ipc/backend';
import type { Draft } from '../ipc/bindings/Draft';
import type { IpcError } from '../ipc/bindings/IpcError';
import type { Marked } from '../ipc/bindings/Marked';
import type { MergePart } from '../ipc/bindings/MergePart';
import type { OpenedDoc } from '../ipc/bindings/OpenedDoc';
import type { PaperAvailability } from '../ipc/bindings/PaperAvailability';
import type { PaperDocView } from '../ipc/bindings/PaperDocView';
import type { Resolution } from '../ipc/bindings/Resolution';

/** The time now, as ISO text (a plain value: nothing watches a clock here). */
function nowIso(): string {
  return new Date().toISOString();
}

/** An edit is written to the draft at most this long after it was typed. */
export const DRAFT_EVERY_MS = 400;

/** The Paper docs place: the docs under a folder, searchable, and the drafts left unsaved. */
export class PaperListState {
  docs: PaperDocView[] = $state([]);
  folder = $state('/');
  search = $state('');
  loaded = $state(false);
  error: IpcError | undefined = $state();
  availability: PaperAvailability | undefined = $state();
  drafts: Draft[] = $state([]);

  readonly #backend: Backend;

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  get visible(): PaperDocView[] {
    const words = this.search.trim().toLowerCase();
    return words ? this.docs.filter((d) => d.title.toLowerCase().includes(words)) : this.docs;
  }

  async load(): Promise<void> {
    this.error = undefined;
    try {
      this.availability ??= await this.#backend.paperAvailability();
      if (!this.availability.available) return;
      this.docs = await this.#backend.listPaperDocs(this.folder);
      this.loaded = true;
    } catch (error) {
      this.error = toIpcError(error);
    }
    await this.loadDrafts();
  }

  async loadDrafts(): Promise<void> {
    try {
      this.drafts = await this.#backend.listDrafts();
    } catch {
      // Drafts are offered when they can be read; the list stands without them.
    }
  }

  /** The doc changed at `at` (ISO), by this window: its row moves to the top, newest first. */
  touched(id: string, at: string): void {
    const doc = this.docs.find((d) => d.id === id);
    if (!doc || Date.parse(doc.modified) >= Date.parse(at)) return;
    doc.modified = at;
    this.docs = [doc, ...this.docs.filter((d) => d !== doc)];
  }

  async discard(docId: string): Promise<void> {
    await this.#backend.discardDraft(docId);
    this.drafts = this.drafts.filter((d) => d.docId !== docId);
  }
}

export type SaveState = 'saved' | 'unsaved' | 'saving' | 'draft-kept';

export type MergeStep =
  | { kind: 'merged'; merged: string; review: Marked[]; theirs: string; revision: number }
  | {
      kind: 'conflict';
      parts: MergePart[];
      theirs: string;
      revision: number;
      choices: (Resolution | null)[];
      /** The doc once every conflict has a choice (put together by the core). */
      result: string | undefined;
    };

/**
 * One doc open for editing: the text, the revision and text it started from (the merge base),
 * the preview, the draft kept on disk, and the merge step when someone else saved first.
 */
export class EditorState {
  readonly id: string;
  readonly title: string;
  readonly path: string;
  text = $state('');
  baseRevision = $state(0);
  baseText = $state('');
  state: SaveState = $state('saved');
  /** When this window last saved the doc (ISO). */
  savedAt: string | undefined = $state();
  error: IpcError | undefined = $state();
  preview = $state('');
  merge: MergeStep | undefined = $state();

  readonly #backend: Backend;
  /** The revision a note from this window made: a merge with it is ours, not someone else's. */
  #noteRevision: number | undefined;
  #draftTimer: ReturnType<typeof setTimeout> | undefined;
  /** Typing came in while a save travelled: its draft is written once the save is settled. */
  #draftAfterSave = false;
  #rendering = false;
  #renderAgain = false;

  constructor(backend: Backend, doc: OpenedDoc, draft?: Draft) {
    this.#backend = backend;
    this.id = doc.id;
    this.title = doc.title;
    this.path = doc.path;
    if (draft) {
      this.baseRevision = draft.baseRevision;
      this.baseText = draft.baseText;
      this.text = draft.text;
      this.state = draft.text === draft.baseText ? 'saved' : 'unsaved';
    } else {
      this.baseRevision = doc.revision;
      this.baseText = doc.markdown;
      this.text = doc.markdown;
    }
    void this.render();
  }

  get changed(): boolean {
    return this.text !== this.baseText;
  }

  /** Every keystroke: the text, a draft within a moment, and a fresh preview. */
  edit(text: string): void {
    this.text = text;
    if (this.state !== 'saving') this.state = this.changed ? 'unsaved' : 'saved';
    this.#draftTimer ??= setTimeout(() => {
      this.#draftTimer = undefined;
      void this.keepDraft();
    }, DRAFT_EVERY_MS);
    void this.render();
  }

  /**
   * Keeps the text on this computer; with nothing unsaved, forgets the draft instead (so a
   * saved doc is never offered back). Says whether that worked.
   */
  async keepDraft(): Promise<boolean> {
    // The save settles the draft of the text it carries; newer typing waits for it.
    if (this.#saving()) {
      this.#draftAfterSave = true;
      return true;
    }
    try {
      if (!this.changed) {
        await this.#backend.discardDraft(this.id);
        return true;
      }
      await this.#backend.saveDraft({
        docId: this.id,
        path: this.path,
        title: this.title,
        baseRevision: this.baseRevision,
        baseText: this.baseText,
        text: this.text,
        savedAt: '',
      });
      return true;
    } catch (error) {
      this.error = toIpcError(error);
      return false;
    }
  }

  /** Writes a pending draft now (before the editor closes or another doc opens). */
  async flush(): Promise<void> {
    if (this.#draftTimer === undefined) return;
    clearTimeout(this.#draftTimer);
    this.#draftTimer = undefined;
    await this.keepDraft();
  }

  /** Renders the latest text; typing never waits for it, and renders never pile up. */
  async render(): Promise<void> {
    if (this.#rendering) {
      this.#renderAgain = true;
      return;
    }
    this.#rendering = true;
    try {
      do {
        this.#renderAgain = false;
        this.preview = await this.#backend.renderMarkdown(this.text);
      } while (this.#renderAgain);
    } catch {
      // The preview keeps its last good render.
    } finally {
      this.#rendering = false;
    }
  }

  /**
   * A note from this window went into the doc at `revision`. With nothing unsaved, the editor
   * takes the doc as it is now; with unsaved edits, the next save folds the note in without
   * asking whose change it was.
   */
  async noted(revision: number): Promise<void> {
    this.#noteRevision = revision;
    this.savedAt = nowIso();
    if (this.changed || this.#saving()) return;
    try {
      const doc = await this.#backend.openPaperDoc(this.id);
      // Typing (or a save) that started meanwhile keeps its base; its save folds the note in.
      if (this.changed || this.#saving()) return;
      this.baseRevision = doc.revision;
      this.baseText = doc.markdown;
      this.text = doc.markdown;
      this.state = 'saved';
      this.#noteRevision = undefined;
      void this.render();
    } catch (error) {
      this.error = toIpcError(error);
    }
  }

  #saving(): boolean {
    return this.state === 'saving';
  }

  /**
   * Saves against the base revision; someone else's save leads to a merge step. The core keeps
   * the text as a draft until Dropbox has it, so a failed save leaves it on this computer.
   */
  async save(): Promise<void> {
    if (this.state === 'saving') return;
    const text = this.text;
    this.state = 'saving';
    this.error = undefined;
    let ours: string | undefined;
    try {
      const outcome = await this.#backend.savePaperDoc({
        docId: this.id,
        path: this.path,
        title: this.title,
        baseRevision: this.baseRevision,
        baseText: this.baseText,
        text,
        savedAt: '',
      });
      switch (outcome.outcome) {
        case 'saved':
          this.baseRevision = outcome.revision;
          this.baseText = text;
          this.savedAt = nowIso();
          this.merge = undefined;
          this.state = this.text === text ? 'saved' : 'unsaved';
          break;
        case 'merged':
          this.merge = { kind: 'merged', ...outcome };
          this.state = 'unsaved';
          // The only change since our base was our own note: nothing to review.
          if (outcome.revision === this.#noteRevision) ours = outcome.merged;
          break;
        case 'conflict':
          this.merge = {
            kind: 'conflict',
            ...outcome,
            choices: outcome.parts.filter((p) => p.kind === 'conflict').map(() => null),
            result: undefined,
          };
          this.state = 'unsaved';
          break;
      }
    } catch (error) {
      const failure = toIpcError(error);
      this.error = failure;
      // A storage error means the draft could not be written either.
      this.state = failure.code === 'storage' ? 'unsaved' : 'draft-kept';
    }
    if (this.#draftAfterSave) {
      this.#draftAfterSave = false;
      void this.keepDraft();
    }
    if (ours !== undefined) {
      this.#noteRevision = undefined;
      await this.saveMerged(ours);
    }
  }

  /** Takes the merged or settled text as ours, based on their revision, and saves it. */
  async saveMerged(text: string): Promise<void> {
    if (!this.#rebase(text)) return;
    await this.save();
  }

  /** Takes the settled text into the editor, based on their revision, without saving. */
  editResolved(): void {
    if (this.merge?.kind === 'conflict' && this.merge.result !== undefined) this.#rebase(this.merge.result);
  }

  #rebase(text: string): boolean {
    const step = this.merge;
    if (!step) return false;
    this.baseRevision = step.revision;
    this.baseText = step.theirs;
    this.merge = undefined;
    this.edit(text);
    return true;
  }

  /** Leaves the merge step; our text stays as it was (and is still the draft). */
  keepEditing(): void {
    this.merge = undefined;
  }

  /** Settles one conflict; once all are settled, the core puts the doc together. */
  async choose(conflict: number, choice: Resolution): Promise<void> {
    const step = this.merge;
    if (step?.kind !== 'conflict') return;
    step.choices[conflict] = choice;
    step.result = undefined;
    const choices = [...step.choices];
    if (choices.some((c) => c === null)) return;
    try {
      const result = await this.#backend.resolveConflicts(step.parts, choices as Resolution[]);
      // A choice changed meanwhile: its own answer is the one that counts.
      if (this.merge === step && step.choices.every((c, i) => c === choices[i])) step.result = result;
    } catch (error) {
      this.error = toIpcError(error);
    }
  }

  dispose(): void {
    void this.flush();
  }
}
