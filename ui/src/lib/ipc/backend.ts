// The only module that talks to Tauri. Everything else receives a `Backend`, so components are
// tested against a fake and the real one is pinned by a single mockIPC test.
import { Channel, invoke } from '@tauri-apps/api/core';
import { writeText } from '@tauri-apps/plugin-clipboard-manager';
import type { Columns } from './bindings/Columns';
import type { Command } from './bindings/Command';
import type { CountsOf } from './bindings/CountsOf';
import type { CourseEdit } from './bindings/CourseEdit';
import type { CourseSummary } from './bindings/CourseSummary';
import type { CourseView } from './bindings/CourseView';
import type { Created } from './bindings/Created';
import type { ImportPreview } from './bindings/ImportPreview';
import type { CreatedDoc } from './bindings/CreatedDoc';
import type { Draft } from './bindings/Draft';
import type { MergePart } from './bindings/MergePart';
import type { NewDoc } from './bindings/NewDoc';
import type { NotePlace } from './bindings/NotePlace';
import type { OpenedDoc } from './bindings/OpenedDoc';
import type { PaperAvailability } from './bindings/PaperAvailability';
import type { PaperDocView } from './bindings/PaperDocView';
import type { SaveOutcome } from './bindings/SaveOutcome';
import type { ThemeChoice } from './bindings/ThemeChoice';
import type { Whereabouts } from './bindings/Whereabouts';
import type { Downloaded } from './bindings/Downloaded';
import type { ErrorCode } from './bindings/ErrorCode';
import type { IpcError } from './bindings/IpcError';
import type { LateCount } from './bindings/LateCount';
import type { Progress } from './bindings/Progress';
import type { Preview } from './bindings/Preview';
import type { RowReport } from './bindings/RowReport';
import type { RunSummary } from './bindings/RunSummary';
import type { TermPattern } from './bindings/TermPattern';
import type { PlannedRow } from './bindings/PlannedRow';
import type { Rollover } from './bindings/Rollover';
import type { CourseRequests } from './bindings/CourseRequests';
import type { CourseWideResult } from './bindings/CourseWideResult';
import type { RequestForm } from './bindings/RequestForm';
import type { RequestView } from './bindings/RequestView';
import type { Resolution } from './bindings/Resolution';
import type { SessionView } from './bindings/SessionView';
import type { Submission } from './bindings/Submission';
import type { SubmissionChanges } from './bindings/SubmissionChanges';
import type { Subfolders } from './bindings/Subfolders';
import type { SettingsInput } from './bindings/SettingsInput';
import type { SettingsView } from './bindings/SettingsView';
import type { SignInStarted } from './bindings/SignInStarted';
import type { WaitNotice } from './bindings/WaitNotice';
import { earlyListing, type Listing } from './early';

export interface Backend {
  getSession(): Promise<SessionView>;
  /** Opens the browser at Dropbox's consent page. */
  signIn(pasteCode: boolean): Promise<SignInStarted>;
  /** Resolves when the browser came back and the sign-in is done. */
  finishSignIn(): Promise<SessionView>;
  signInWithCode(code: string): Promise<SessionView>;
  cancelSignIn(): Promise<null>;
  /** Signs out of `account` (an `AccountEntry.key`; the active account when left out). */
  signOut(account?: string): Promise<SessionView>;
  /** Makes another signed-in account the active one. */
  switchAccount(account: string): Promise<SessionView>;
  /**
   * Remembers where the window is for the active account (`SessionView.whereabouts`): what is
   * set changes, the rest is kept.
   */
  remember(whereabouts: Whereabouts): Promise<null>;
  /** Desktop notifications of arriving submissions, on or off for the active account. */
  setNotifiesArrivals(on: boolean): Promise<SessionView>;
  /** Requests the desktop asks to open from now on (a click on a notification). */
  watchOpens(onOpen: (requestId: string) => void): Promise<null>;
  /** The menu bar's commands for the window, for as long as the window lives. */
  watchMenu(onCommand: (command: Command) => void): Promise<null>;
  tryDemo(): Promise<SessionView>;
  resetDemo(): Promise<SessionView>;
  getSettings(): Promise<SettingsView>;
  saveSettings(input: SettingsInput): Promise<SettingsView>;
  /** Light, dark or as the desktop says: saved, and the window changes at once. */
  setTheme(theme: ThemeChoice): Promise<SettingsView>;
  openLogsFolder(): Promise<null>;
  /** Opens an https address in the system browser (Rust refuses anything else). */
  openExternal(url: string): Promise<null>;
  /**
   * Every file request, a page at a time to `onPage` as Dropbox sends them; resolves with
   * the account's count (what counts against Dropbox's 4,000).
   */
  listRequests(onPage: (requests: RequestView[]) => void): Promise<number>;
  /**
   * Creates a request. `earlier`: when an earlier attempt of this form was sent whose outcome
   * is unknown (`outcome_unknown`); the request it may have made is looked for first.
   */
  createRequest(form: RequestForm, earlier: string | null): Promise<Created>;
  updateRequest(id: string, form: RequestForm): Promise<RequestView>;
  setRequestOpen(id: string, open: boolean): Promise<RequestView>;
  deleteRequest(id: string): Promise<null>;
  deleteClosedRequests(): Promise<number>;
  /** A course's requests counted (open, closed, their files) and the account's against 4,000. */
  courseRequests(course: string): Promise<CourseRequests>;
  /** Closes (`open` false) or reopens every request of a course. */
  setCourseRequestsOpen(course: string, open: boolean): Promise<CourseWideResult>;
  /** Deletes a course's closed requests; their files stay in the folders. */
  deleteClosedCourseRequests(course: string): Promise<CourseWideResult>;
  /**
   * A request's files, a page at a time to `onPage` as Dropbox sends them (unsorted);
   * resolves with the cursor for `submissionChanges`. `folder`: where the list says it collects.
   */
  listSubmissions(
    id: string,
    folder: string | null,
    onPage: (files: Submission[]) => void,
  ): Promise<string>;
  /** Resolves when the request's folder changed, or after Dropbox's longpoll time. */
  submissionChanges(id: string, cursor: string): Promise<SubmissionChanges>;
  openSubmission(path: string): Promise<null>;
  /** A share link for a file or folder; an existing one is reused. */
  shareLink(path: string): Promise<string>;
  /** Late files for the named requests. */
  lateCounts(ids: string[]): Promise<LateCount[]>;
  /** A term's rows from `pattern`, for the preview to check and the window to edit. */
  planTerm(pattern: TermPattern): Promise<PlannedRow[]>;
  /** A term's rows from a CSV file's bytes; folders read inside `course`, times in `zone`. */
  planTermFromCsv(bytes: Uint8Array, course: string, zone: string): Promise<PlannedRow[]>;
  /** Last term's requests under `from` as rows for `to`, moved by `weeks` (null: the fewest ahead). */
  planRollover(from: string, to: string, weeks: number | null, zone: string): Promise<Rollover>;
  /** The rows, each checked, with the account's room under 4,000. */
  previewTerm(rows: PlannedRow[]): Promise<Preview>;
  /**
   * Creates the rows' requests; `onRow` hears of each row as it is settled. Running the same
   * `planId` again creates only what is not made yet.
   */
  createTerm(planId: string, rows: PlannedRow[], onRow: (row: RowReport) => void): Promise<RunSummary>;
  /** Sends no more of the plan's rows; `false` when it had ended. */
  cancelTerm(planId: string): Promise<boolean>;
  /** The folders directly inside a Dropbox folder (`/`: the top). */
  /** The folders inside `path`; `missing` when it does not exist yet (a request there creates it). */
  listFolders(path: string): Promise<Subfolders>;
  /** Opens the folder on Dropbox's website in the system browser. */
  openFolderOnDropbox(path: string): Promise<null>;
  /** Saves a file into the download folder; `downloadId` is for `cancelDownload`. */
  downloadFile(
    downloadId: string,
    path: string,
    onProgress: (progress: Progress) => void,
  ): Promise<Downloaded>;
  /** Saves all of a request's files as one zip into the download folder. */
  downloadAllSubmissions(
    downloadId: string,
    id: string,
    onProgress: (progress: Progress) => void,
  ): Promise<Downloaded>;
  /** `false` when the download had already ended. */
  cancelDownload(downloadId: string): Promise<boolean>;
  getDownloadFolder(): Promise<string>;
  /** Opens the download folder in the system's file manager. */
  openDownloadFolder(): Promise<null>;
  /** The system's folder chooser; `null` when closed without a choice. */
  chooseDownloadFolder(): Promise<string | null>;
  /** Every retry wait from now on ("Dropbox asked us to slow down…"), as it starts. */
  watchWaits(onWait: (notice: WaitNotice) => void): Promise<null>;
  paperAvailability(): Promise<PaperAvailability>;
  /** Paper docs under `folder` (`/`: everywhere), most recently changed first. */
  listPaperDocs(folder: string): Promise<PaperDocView[]>;
  createPaperDoc(doc: NewDoc): Promise<CreatedDoc>;
  openPaperDoc(id: string): Promise<OpenedDoc>;
  /**
   * Saves the edit against its base revision (its draft is kept until Dropbox has the text);
   * someone else's save comes back merged or in conflict.
   */
  savePaperDoc(edit: Draft): Promise<SaveOutcome>;
  /** The doc once each conflict has a choice (in order). */
  resolveConflicts(parts: MergePart[], resolutions: Resolution[]): Promise<string>;
  /** Adds a note at the top or the end without opening the doc; the new revision. */
  addPaperNote(id: string, note: string, place: NotePlace): Promise<number>;
  /** Markdown to sanitized HTML, for the preview. */
  renderMarkdown(text: string): Promise<string>;
  saveDraft(draft: Draft): Promise<Draft>;
  listDrafts(): Promise<Draft[]>;
  discardDraft(docId: string): Promise<null>;
  /** Puts text on the system clipboard (the only clipboard permission the window has). */
  copyText(text: string): Promise<null>;
  /** The courses: those named by the user, and the folders holding requests. */
  listCourses(): Promise<CourseSummary[]>;
  /** Names a Dropbox folder as a course; resolves with it as Dropbox spells it. */
  addCourse(folder: string): Promise<string>;
  /** One course, read fresh; `onProgress` hears how many files are read so far. */
  openCourse(folder: string, onProgress: (files: number) => void): Promise<CourseView>;
  /** Resolves `true` when something in the course folder changed (false after the longpoll). */
  courseChanges(cursor: string): Promise<boolean>;
  editCourse(folder: string, edit: CourseEdit): Promise<CourseView>;
  /** Hands a class list's bytes to Rust; resolves with its preview (columns recognised). */
  loadClassList(bytes: Uint8Array): Promise<ImportPreview>;
  /** The loaded class list read with these columns. */
  previewClassList(columns: Columns): Promise<ImportPreview>;
  importClassList(folder: string, columns: Columns, replace: boolean): Promise<CourseView>;
  /** Writes the gradebook CSV into the download folder; resolves with its path. */
  exportCourse(folder: string, timeZone: string, onProgress: (files: number) => void): Promise<string>;
  /** Opens the mail program with a message to `bcc`. */
  emailStudents(bcc: string[], subject: string, body: string): Promise<null>;
  /** Counts of the requests (those the list shows) that are in a course with a class list. */
  courseRequestCounts(requests: RequestView[]): Promise<CountsOf[]>;
}

/** How long after start-up the window's first load of the list takes the early listing. */
const EARLY_LIST_FRESH_MS = 5_000;

/**
 * The backend over Tauri's IPC. With `listRequestsNow` (the window at start-up), the list of
 * requests is asked for at once, beside the session, so that the first screen waits on one
 * round of calls rather than on the session's answer and then the list's.
 */
export function createTauriBackend({ listRequestsNow = false } = {}): Backend {
  const list: Listing<number, RequestView> = (onPage) =>
    paged<number, RequestView>('list_requests', {}, onPage);
  const listRequests = listRequestsNow ? earlyListing(list, EARLY_LIST_FRESH_MS) : list;
  return {
    getSession: () => call<SessionView>('get_session'),
    signIn: (pasteCode) => call<SignInStarted>('sign_in', { pasteCode }),
    finishSignIn: () => call<SessionView>('finish_sign_in'),
    signInWithCode: (code) => call<SessionView>('sign_in_with_code', { code }),
    cancelSignIn: () => call<null>('cancel_sign_in'),
    signOut: (account?: string) => call<SessionView>('sign_out', { account: account ?? null }),
    switchAccount: (account: string) => call<SessionView>('switch_account', { account }),
    remember: (whereabouts: Whereabouts) => call<null>('remember', { whereabouts }),
    setNotifiesArrivals: (on) => call<SessionView>('set_notifies_arrivals', { on }),
    watchOpens: (onOpen) => call<null>('watch_opens', { onOpen: channel(onOpen) }),
    watchMenu: (onCommand) => call<null>('watch_menu', { onCommand: channel(onCommand) }),
    tryDemo: () => call<SessionView>('try_demo'),
    resetDemo: () => call<SessionView>('reset_demo'),
    getSettings: () => call<SettingsView>('get_settings'),
    saveSettings: (input) => call<SettingsView>('save_settings', { input }),
    setTheme: (theme: ThemeChoice) => call<SettingsView>('set_theme', { theme }),
    openLogsFolder: () => call<null>('open_logs_folder'),
    openExternal: (url) => call<null>('open_external', { url }),
    listRequests,
    createRequest: (form, earlier) => call<Created>('create_request', { form, earlier }),
    updateRequest: (id, form) => call<RequestView>('update_request', { id, form }),
    setRequestOpen: (id, open) => call<RequestView>('set_request_open', { id, open }),
    deleteRequest: (id) => call<null>('delete_request', { id }),
    deleteClosedRequests: () => call<number>('delete_closed_requests'),
    courseRequests: (course) => call<CourseRequests>('course_requests', { course }),
    setCourseRequestsOpen: (course, open) => call<CourseWideResult>('set_course_requests_open', { course, open }),
    deleteClosedCourseRequests: (course) => call<CourseWideResult>('delete_closed_course_requests', { course }),
    listSubmissions: (id, folder, onPage) =>
      paged<string, Submission>('list_submissions', { id, folder }, onPage),
    submissionChanges: (id, cursor) =>
      call<SubmissionChanges>('submission_changes', { id, cursor }),
    openSubmission: (path) => call<null>('open_submission', { path }),
    lateCounts: (ids) => call<LateCount[]>('late_counts', { ids }),
    planTerm: (pattern) => call<PlannedRow[]>('plan_term', { pattern }),
    planTermFromCsv: (bytes, course, zone) =>
      call<PlannedRow[]>('plan_term_from_csv', { bytes: Array.from(bytes), course, zone }),
    planRollover: (from, to, weeks, zone) => call<Rollover>('plan_rollover', { from, to, weeks, zone }),
    previewTerm: (rows) => call<Preview>('preview_term', { rows }),
    createTerm: (planId, rows, onRow) =>
      call<RunSummary>('create_term', { planId, rows, onRow: channel(onRow) }),
    cancelTerm: (planId) => call<boolean>('cancel_term', { planId }),
    shareLink: (path) => call<string>('share_link', { path }),
    listFolders: (path) => call<Subfolders>('list_folders', { path }),
    openFolderOnDropbox: (path) => call<null>('open_folder_on_dropbox', { path }),
    downloadFile: (downloadId, path, onProgress) =>
      call<Downloaded>('download_file', { downloadId, path, onProgress: channel(onProgress) }),
    downloadAllSubmissions: (downloadId, id, onProgress) =>
      call<Downloaded>('download_all_submissions', {
        downloadId,
        id,
        onProgress: channel(onProgress),
      }),
    cancelDownload: (downloadId) => call<boolean>('cancel_download', { downloadId }),
    getDownloadFolder: () => call<string>('get_download_folder'),
    openDownloadFolder: () => call<null>('open_download_folder'),
    chooseDownloadFolder: () => call<string | null>('choose_download_folder'),
    paperAvailability: () => call<PaperAvailability>('paper_availability'),
    listPaperDocs: (folder) => call<PaperDocView[]>('list_paper_docs', { folder }),
    createPaperDoc: (doc) => call<CreatedDoc>('create_paper_doc', { doc }),
    openPaperDoc: (id) => call<OpenedDoc>('open_paper_doc', { id }),
    savePaperDoc: (edit) => call<SaveOutcome>('save_paper_doc', { edit }),
    resolveConflicts: (parts, resolutions) =>
      call<string>('resolve_conflicts', { parts, resolutions }),
    addPaperNote: (id, note, place) => call<number>('add_paper_note', { id, note, place }),
    renderMarkdown: (text) => call<string>('render_markdown', { text }),
    saveDraft: (draft) => call<Draft>('save_draft', { draft }),
    listDrafts: () => call<Draft[]>('list_drafts'),
    discardDraft: (docId) => call<null>('discard_draft', { docId }),
    watchWaits: (onWait) => call<null>('watch_waits', { onWait: channel(onWait) }),
    listCourses: () => call<CourseSummary[]>('list_courses'),
    addCourse: (folder) => call<string>('add_course', { folder }),
    openCourse: (folder, onProgress) =>
      call<CourseView>('open_course', { folder, onProgress: channel(onProgress) }),
    courseChanges: (cursor) => call<boolean>('course_changes', { cursor }),
    editCourse: (folder, edit) => call<CourseView>('edit_course', { folder, edit }),
    loadClassList: (bytes) => call<ImportPreview>('load_class_list', bytes),
    previewClassList: (columns) => call<ImportPreview>('preview_class_list', { columns }),
    importClassList: (folder, columns, replace) =>
      call<CourseView>('import_class_list', { folder, columns, replace }),
    exportCourse: (folder, timeZone, onProgress) =>
      call<string>('export_course', { folder, timeZone, onProgress: channel(onProgress) }),
    emailStudents: (bcc, subject, body) => call<null>('email_students', { bcc, subject, body }),
    courseRequestCounts: (requests) => call<CountsOf[]>('course_request_counts', { requests }),
    copyText: async (text) => {
      await writeText(text);
      return null;
    },
  };
}

function channel<T>(onMessage: (message: T) => void): Channel<T> {
  const channel = new Channel<T>();
  channel.onmessage = onMessage;
  return channel;
}

/**
 * A listing that streams pages to `onPage` and ends them with an empty page: resolves with
 * its answer once that end is in. Tauri sends a large page by a fetch of its own, so the
 * command's answer can overtake the pages it sent; the channel keeps them in order, and so
 * nothing arrives after the listing says it is done.
 */
async function paged<T, P>(
  command: string,
  args: Record<string, unknown>,
  onPage: (page: P[]) => void,
): Promise<T> {
  let ended: () => void = () => {};
  const end = new Promise<void>((resolve) => (ended = resolve));
  const pages = channel<P[]>((page) => (page.length ? onPage(page) : ended()));
  const answer = await call<T>(command, { ...args, onPage: pages });
  await end;
  return answer;
}

/** Dispatched on `window` whenever a command says the sign-in ended or its space moved. */
export const SESSION_CHANGED = 'dropdesk:session-changed';

/**
 * Every place learns at once that Dropbox ended the sign-in (the session shows why), or that
 * the account's folders now start elsewhere (the account card shows its team, or none).
 */
export function reportSessionChange(error: IpcError): void {
  if (error.code === 'sign_in_expired' || error.code === 'space_changed') {
    window.dispatchEvent(new Event(SESSION_CHANGED));
  }
}

/** A command with named arguments, or with raw bytes as its body. */
async function call<T>(command: string, args?: Record<string, unknown> | Uint8Array): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    const failure = toIpcError(error);
    reportSessionChange(failure);
    throw failure;
  }
}

// A record, so that the type checker fails when Rust adds a code this list lacks.
const KNOWN_CODES: Record<ErrorCode, true> = {
  invalid_input: true,
  offline: true,
  unavailable: true,
  outcome_unknown: true,
  rate_limited: true,
  sign_in_expired: true,
  missing_permission: true,
  dropbox: true,
  storage: true,
  sign_in_failed: true,
  demo_unavailable: true,
  internal: true,
  space_changed: true,
};
const ERROR_CODES = Object.keys(KNOWN_CODES);

function isIpcError(value: unknown): value is IpcError {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message } = value as Record<string, unknown>;
  return (
    typeof code === 'string' &&
    (ERROR_CODES as readonly string[]).includes(code) &&
    typeof message === 'string'
  );
}

/** Whatever a command rejected with, as an `IpcError` the UI can branch on. */
export function toIpcError(error: unknown): IpcError {
  if (isIpcError(error)) return error;
  return { code: 'internal', message: String(error) };
}
