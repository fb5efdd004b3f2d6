// A scripted `Backend` for component tests: each method answers from its own queue, and every
// call is recorded.
import { reportSessionChange, type Backend } from './lib/ipc/backend';
import type { Command } from './lib/ipc/bindings/Command';
import type { IpcError } from './lib/ipc/bindings/IpcError';
import type { LateCount } from './lib/ipc/bindings/LateCount';
import type { RequestForm } from './lib/ipc/bindings/RequestForm';
import type { RequestList } from './lib/ipc/bindings/RequestList';
import type { RequestView } from './lib/ipc/bindings/RequestView';
import type { SessionView } from './lib/ipc/bindings/SessionView';
import type { AccountEntry } from './lib/ipc/bindings/AccountEntry';
import type { Preview } from './lib/ipc/bindings/Preview';
import type { RowReport } from './lib/ipc/bindings/RowReport';
import type { RunSummary } from './lib/ipc/bindings/RunSummary';
import type { TermPattern } from './lib/ipc/bindings/TermPattern';
import type { PlannedRow } from './lib/ipc/bindings/PlannedRow';
import type { Rollover } from './lib/ipc/bindings/Rollover';
import type { CourseRequests } from './lib/ipc/bindings/CourseRequests';
import type { CourseWideResult } from './lib/ipc/bindings/CourseWideResult';
import type { SubmissionChanges } from './lib/ipc/bindings/SubmissionChanges';
import type { Created } from './lib/ipc/bindings/Created';
import type { CreatedDoc } from './lib/ipc/bindings/CreatedDoc';
import type { Draft } from './lib/ipc/bindings/Draft';
import type { MergePart } from './lib/ipc/bindings/MergePart';
import type { NewDoc } from './lib/ipc/bindings/NewDoc';
import type { NotePlace } from './lib/ipc/bindings/NotePlace';
import type { OpenedDoc } from './lib/ipc/bindings/OpenedDoc';
import type { PaperAvailability } from './lib/ipc/bindings/PaperAvailability';
import type { PaperDocView } from './lib/ipc/bindings/PaperDocView';
import type { Resolution } from './lib/ipc/bindings/Resolution';
import type { SaveOutcome } from './lib/ipc/bindings/SaveOutcome';
import type { Downloaded } from './lib/ipc/bindings/Downloaded';
import type { Subfolders } from './lib/ipc/bindings/Subfolders';
import type { Progress } from './lib/ipc/bindings/Progress';
import type { Submission } from './lib/ipc/bindings/Submission';
import type { WaitNotice } from './lib/ipc/bindings/WaitNotice';
import type { Place } from './lib/ipc/bindings/Place';
import type { Whereabouts } from './lib/ipc/bindings/Whereabouts';
import type { ThemeChoice } from './lib/ipc/bindings/ThemeChoice';
import type { SettingsInput } from './lib/ipc/bindings/SettingsInput';
import type { SettingsView } from './lib/ipc/bindings/SettingsView';
import type { SignInStarted } from './lib/ipc/bindings/SignInStarted';
import type { Columns } from './lib/ipc/bindings/Columns';
import type { CountsOf } from './lib/ipc/bindings/CountsOf';
import type { CourseEdit } from './lib/ipc/bindings/CourseEdit';
import type { CourseSummary } from './lib/ipc/bindings/CourseSummary';
import type { CourseView } from './lib/ipc/bindings/CourseView';
import type { ImportPreview } from './lib/ipc/bindings/ImportPreview';

type Answer<T> = T | IpcError | (() => Promise<T>);
/** A scripted listing: every file, handed to `onPage` in pages, and the cursor it ends with. */
type Listing = { files: Submission[]; cursor: string };
/** What a test scripts for a method: its result, except for the paged listings (all of it). */
type AnswerOf<K extends keyof Backend> = K extends 'listSubmissions'
  ? Listing
  : K extends 'listRequests'
    ? RequestList
  : K extends 'createRequest'
    ? RequestView | Created
    : Awaited<ReturnType<Backend[K]>>;

export const ada = { displayName: 'Ada Lovelace', email: 'ada@uni.example', plan: 'pro', team: null, ownFolder: null } as const;

/** One account in the sidebar, as the session lists it. */
export function entry(key: string, more: Partial<AccountEntry> = {}): AccountEntry {
  return {
    key,
    mode: key === 'demo' ? 'demo' : 'dropbox',
    displayName: ada.displayName,
    email: ada.email,
    team: null,
    active: true,
    signedIn: true,
    ...more,
  };
}

export const demoSession: SessionView = {
  mode: 'demo',
  account: { ...ada },
  keyringProblem: null,
  canConnect: false,
  ended: null,
  unreachable: false,
  accounts: [entry('demo')],
  whereabouts: {},
  notifiesArrivals: true,
};

export const signedOut: SessionView = {
  mode: 'dropbox',
  account: null,
  keyringProblem: null,
  canConnect: true,
  ended: null,
  unreachable: false,
  accounts: [],
  whereabouts: {},
  notifiesArrivals: true,
};

export const dropboxSession: SessionView = {
  ...signedOut,
  account: { ...ada },
  accounts: [entry('dbid:ada')],
};

export const defaultSettings: SettingsView = {
  appKey: '',
  appKeyFromEnvironment: false,
  redirectPorts: [53682, 53683, 53684],
  redirectUris: [
    'http://127.0.0.1:53682/oauth/callback',
    'http://127.0.0.1:53683/oauth/callback',
    'http://127.0.0.1:53684/oauth/callback',
  ],
  settingsFile: '/home/ada/.config/dropdesk/settings.json',
  logDir: '/home/ada/.local/state/dropdesk/logs',
  theme: 'system',
};

export class FakeBackend implements Backend {
  calls: string[] = [];
  answers: Partial<Record<keyof Backend, unknown[]>> = {};

  on<K extends keyof Backend>(method: K, ...answers: Answer<AnswerOf<K>>[]) {
    this.answers[method] = [...(this.answers[method] ?? []), ...answers];
    return this;
  }

  async #answer<T>(method: keyof Backend, args: unknown[]): Promise<T> {
    this.calls.push(args.length ? `${method}(${args.map((a) => JSON.stringify(a)).join(', ')})` : method);
    const queue = this.answers[method];
    if (!queue?.length) {
      // Places that load on their own get an empty answer unless a test scripts one.
      if (method === 'listRequests') return { requests: [], total: 0 } as T;
      if (method === 'getSettings') return defaultSettings as T;
      if (method === 'listSubmissions') return { files: [], cursor: 'c0' } as T;
      if (method === 'getDownloadFolder') return '/home/ada/Downloads' as T;
      if (method === 'discardDraft') return null as T;
      if (method === 'paperAvailability') return { available: true, reason: null } as T;
      if (method === 'listPaperDocs') return [] as T;
      if (method === 'lateCounts') return [] as T;
      if (method === 'courseRequestCounts') return [] as T;
      if (method === 'listCourses') return [] as T;
      // A course waits for changes that never come.
      if (method === 'courseChanges') return new Promise<T>(() => {});
      // A live pane waits for changes that never come.
      if (method === 'submissionChanges') return new Promise<T>(() => {});
      throw new Error(`no answer scripted for ${method}`);
    }
    const answer = queue.shift();
    if (typeof answer === 'function') return (answer as () => Promise<T>)();
    if (typeof answer === 'object' && answer !== null && 'code' in answer) {
      reportSessionChange(answer as IpcError);
      throw answer;
    }
    return answer as T;
  }

  getSession = () => this.#answer<SessionView>('getSession', []);
  signIn = (pasteCode: boolean) => this.#answer<SignInStarted>('signIn', [pasteCode]);
  finishSignIn = () => this.#answer<SessionView>('finishSignIn', []);
  signInWithCode = (code: string) => this.#answer<SessionView>('signInWithCode', [code]);
  cancelSignIn = () => this.#answer<null>('cancelSignIn', []);
  signOut = (account?: string) =>
    this.#answer<SessionView>('signOut', account === undefined ? [] : [account]);
  switchAccount = (account: string) => this.#answer<SessionView>('switchAccount', [account]);
  tryDemo = () => this.#answer<SessionView>('tryDemo', []);
  setNotifiesArrivals = (on: boolean) => this.#answer<SessionView>('setNotifiesArrivals', [on]);
  resetDemo = () => this.#answer<SessionView>('resetDemo', []);
  getSettings = () => this.#answer<SettingsView>('getSettings', []);
  saveSettings = (input: SettingsInput) => this.#answer<SettingsView>('saveSettings', [input]);
  setTheme = (theme: ThemeChoice) => this.#answer<SettingsView>('setTheme', [theme]);
  openLogsFolder = () => this.#answer<null>('openLogsFolder', []);
  openExternal = (url: string) => this.#answer<null>('openExternal', [url]);
  /** Scripted with a whole list: its requests go to `onPage` `pageSize` at a time. */
  listRequests = async (onPage: (requests: RequestView[]) => void) => {
    const { requests, total } = await this.#answer<RequestList>('listRequests', []);
    for (let at = 0; at < requests.length; at += this.pageSize) {
      onPage(requests.slice(at, at + this.pageSize));
    }
    return total;
  };
  /** Scripted with a `RequestView` (created) or a whole `Created`. */
  createRequest = async (form: RequestForm, earlier: string | null) => {
    const args: unknown[] = earlier ? [form, earlier] : [form];
    const answer = await this.#answer<RequestView | Created>('createRequest', args);
    return 'request' in answer ? answer : { request: answer, foundAfterLostAnswer: false };
  };
  updateRequest = (id: string, form: RequestForm) =>
    this.#answer<RequestView>('updateRequest', [id, form]);
  setRequestOpen = (id: string, open: boolean) =>
    this.#answer<RequestView>('setRequestOpen', [id, open]);
  deleteRequest = (id: string) => this.#answer<null>('deleteRequest', [id]);
  deleteClosedRequests = () => this.#answer<number>('deleteClosedRequests', []);
  courseRequests = (course: string) => this.#answer<CourseRequests>('courseRequests', [course]);
  setCourseRequestsOpen = (course: string, open: boolean) =>
    this.#answer<CourseWideResult>('setCourseRequestsOpen', [course, open]);
  deleteClosedCourseRequests = (course: string) =>
    this.#answer<CourseWideResult>('deleteClosedCourseRequests', [course]);
  copyText = (text: string) => this.#answer<null>('copyText', [text]);
  /** `listSubmissions` and `listRequests` hand a scripted answer to `onPage` this many at a time. */
  pageSize = Infinity;
  listSubmissions = async (id: string, folder: string | null, onPage: (files: Submission[]) => void) => {
    const { files, cursor } = await this.#answer<Listing>('listSubmissions', [id, folder]);
    for (let at = 0; at < files.length; at += this.pageSize) {
      onPage(files.slice(at, at + this.pageSize));
    }
    return cursor;
  };
  /** The progress reports the next download hands to `onProgress` before it resolves. */
  progress: Progress[] = [];
  downloadFile = async (downloadId: string, path: string, onProgress: (p: Progress) => void) => {
    for (const p of this.progress.splice(0)) onProgress(p);
    return this.#answer<Downloaded>('downloadFile', [downloadId, path]);
  };
  downloadAllSubmissions = async (downloadId: string, id: string, onProgress: (p: Progress) => void) => {
    for (const p of this.progress.splice(0)) onProgress(p);
    return this.#answer<Downloaded>('downloadAllSubmissions', [downloadId, id]);
  };
  cancelDownload = (downloadId: string) => this.#answer<boolean>('cancelDownload', [downloadId]);
  getDownloadFolder = () => this.#answer<string>('getDownloadFolder', []);
  openDownloadFolder = () => this.#answer<null>('openDownloadFolder', []);
  chooseDownloadFolder = () => this.#answer<string | null>('chooseDownloadFolder', []);
  listFolders = (path: string) => this.#answer<Subfolders>('listFolders', [path]);
  openFolderOnDropbox = (path: string) => this.#answer<null>('openFolderOnDropbox', [path]);
  /** The window's wait listener, once it registered one. */
  onWait: ((notice: WaitNotice) => void) | undefined;
  paperAvailability = () => this.#answer<PaperAvailability>('paperAvailability', []);
  listPaperDocs = (folder: string) => this.#answer<PaperDocView[]>('listPaperDocs', [folder]);
  createPaperDoc = (doc: NewDoc) => this.#answer<CreatedDoc>('createPaperDoc', [doc]);
  openPaperDoc = (id: string) => this.#answer<OpenedDoc>('openPaperDoc', [id]);
  /** Recorded as the doc, the base it is saved against, and the text. */
  savePaperDoc = (edit: Draft) =>
    this.#answer<SaveOutcome>('savePaperDoc', [
      edit.docId,
      { revision: edit.baseRevision, text: edit.baseText },
      edit.text,
    ]);
  resolveConflicts = (parts: MergePart[], resolutions: Resolution[]) =>
    this.#answer<string>('resolveConflicts', [parts, resolutions]);
  addPaperNote = (id: string, note: string, place: NotePlace) =>
    this.#answer<number>('addPaperNote', [id, note, place]);
  /** The preview: a stand-in for the Rust renderer, not recorded in `calls`. */
  renderMarkdown = async (text: string) => `<p>${text.replaceAll('<', '&lt;')}</p>`;
  /** Drafts written, in order; not recorded in `calls`. */
  drafts: Draft[] = [];
  saveDraft = async (draft: Draft) => {
    this.drafts.push(draft);
    return { ...draft, savedAt: '2026-11-23T12:00:00Z' };
  };
  /** Scripted answers first; otherwise the drafts written here, the latest per doc. */
  listDrafts = async () => {
    if (this.answers.listDrafts?.length) return this.#answer<Draft[]>('listDrafts', []);
    const latest = new Map(this.drafts.map((d) => [d.docId, { ...d, savedAt: '2026-11-23T12:00:00Z' }]));
    return [...latest.values()];
  };
  discardDraft = async (docId: string) => {
    this.drafts = this.drafts.filter((d) => d.docId !== docId);
    return this.#answer<null>('discardDraft', [docId]);
  };
  planTerm = (pattern: TermPattern) => this.#answer<PlannedRow[]>('planTerm', [pattern]);
  planTermFromCsv = (bytes: Uint8Array, course: string, zone: string) =>
    this.#answer<PlannedRow[]>('planTermFromCsv', [new TextDecoder().decode(bytes), course, zone]);
  planRollover = (from: string, to: string, weeks: number | null, zone: string) =>
    this.#answer<Rollover>('planRollover', [from, to, weeks, zone]);
  previewTerm = (rows: PlannedRow[]) => this.#answer<Preview>('previewTerm', [rows]);
  /** Rows `createTerm` reports before it answers, as the real one does while it runs. */
  termRows: RowReport[] = [];
  createTerm = async (planId: string, rows: PlannedRow[], onRow: (row: RowReport) => void) => {
    const answer = this.#answer<RunSummary>('createTerm', [planId, rows]);
    for (const row of this.termRows) onRow(row);
    return answer;
  };
  cancelTerm = (planId: string) => this.#answer<boolean>('cancelTerm', [planId]);
  /**
   * What the window remembered, in order; not recorded in `calls` (every click of a place or a
   * row sends one).
   */
  remembered: Whereabouts[] = [];
  remember = async (whereabouts: Whereabouts) => {
    this.remembered.push(whereabouts);
    return null;
  };
  /** The places remembered, in order. */
  get places(): Place[] {
    return this.remembered.flatMap((w) => (w.place ? [w.place] : []));
  }
  /** Opens what a test hands it, as a click on a notification would. */
  onOpen: ((requestId: string) => void) | undefined;
  /** Not recorded in `calls`: every window registers it once at start. */
  watchOpens = async (onOpen: (requestId: string) => void) => {
    this.onOpen = onOpen;
    return null;
  };
  onMenu: ((command: Command) => void) | undefined;
  /** Not recorded in `calls`: every window registers it once at start. */
  watchMenu = async (onCommand: (command: Command) => void) => {
    this.onMenu = onCommand;
    return null;
  };
  /** Not recorded in `calls`: every window registers it once at start. */
  watchWaits = async (onWait: (notice: WaitNotice) => void) => {
    this.onWait = onWait;
    return null;
  };
  submissionChanges = (id: string, cursor: string) =>
    this.#answer<SubmissionChanges>('submissionChanges', [id, cursor]);
  openSubmission = (path: string) => this.#answer<null>('openSubmission', [path]);
  lateCounts = (ids: string[]) => this.#answer<LateCount[]>('lateCounts', [ids]);
  shareLink = (path: string) => this.#answer<string>('shareLink', [path]);
  listCourses = () => this.#answer<CourseSummary[]>('listCourses', []);
  addCourse = (folder: string) => this.#answer<string>('addCourse', [folder]);
  /** The file counts the next `openCourse` reports before it resolves. */
  courseProgress: number[] = [];
  openCourse = async (folder: string, onProgress: (files: number) => void) => {
    for (const n of this.courseProgress.splice(0)) onProgress(n);
    return this.#answer<CourseView>('openCourse', [folder]);
  };
  courseChanges = (cursor: string) => this.#answer<boolean>('courseChanges', [cursor]);
  editCourse = (folder: string, edit: CourseEdit) => this.#answer<CourseView>('editCourse', [folder, edit]);
  /** Recorded by the number of bytes. */
  loadClassList = (bytes: Uint8Array) => this.#answer<ImportPreview>('loadClassList', [bytes.length]);
  previewClassList = (columns: Columns) => this.#answer<ImportPreview>('previewClassList', [columns]);
  importClassList = (folder: string, columns: Columns, replace: boolean) =>
    this.#answer<CourseView>('importClassList', [folder, columns, replace]);
  exportCourse = async (folder: string, timeZone: string, onProgress: (files: number) => void) => {
    for (const n of this.courseProgress.splice(0)) onProgress(n);
    return this.#answer<string>('exportCourse', [folder, timeZone]);
  };
  emailStudents = (bcc: string[], subject: string, body: string) =>
    this.#answer<null>('emailStudents', [bcc, subject, body]);
  /** Recorded by the ids of the requests. */
  courseRequestCounts = (requests: RequestView[]) =>
    this.#answer<CountsOf[]>('courseRequestCounts', [requests.map((r) => r.id)]);
}
