// The only module that talks to Tauri. Everything else receives a `Backend`, so components are
// tested against a fake and the real one is pinned by a single mockIPC test.
import { invoke } from '@tauri-apps/api/core';
import { writeText } from '@tauri-apps/plugin-clipboard-manager';
import type { ErrorCode } from './bindings/ErrorCode';
import type { IpcError } from './bindings/IpcError';
import type { LateCount } from './bindings/LateCount';
import type { RequestForm } from './bindings/RequestForm';
import type { RequestList } from './bindings/RequestList';
import type { RequestView } from './bindings/RequestView';
import type { SessionView } from './bindings/SessionView';
import type { SubmissionChanges } from './bindings/SubmissionChanges';
import type { Submissions } from './bindings/Submissions';
import type { SettingsInput } from './bindings/SettingsInput';
import type { SettingsView } from './bindings/SettingsView';
import type { SignInStarted } from './bindings/SignInStarted';

export interface Backend {
  getSession(): Promise<SessionView>;
  /** Opens the browser at Dropbox's consent page. */
  signIn(pasteCode: boolean): Promise<SignInStarted>;
  /** Resolves when the browser came back and the sign-in is done. */
  finishSignIn(): Promise<SessionView>;
  signInWithCode(code: string): Promise<SessionView>;
  cancelSignIn(): Promise<null>;
  signOut(): Promise<SessionView>;
  tryDemo(): Promise<SessionView>;
  resetDemo(): Promise<SessionView>;
  getSettings(): Promise<SettingsView>;
  saveSettings(input: SettingsInput): Promise<SettingsView>;
  openLogsFolder(): Promise<null>;
  /** Opens an https address in the system browser (Rust refuses anything else). */
  openExternal(url: string): Promise<null>;
  listRequests(): Promise<RequestList>;
  createRequest(form: RequestForm): Promise<RequestView>;
  updateRequest(id: string, form: RequestForm): Promise<RequestView>;
  setRequestOpen(id: string, open: boolean): Promise<RequestView>;
  deleteRequest(id: string): Promise<null>;
  deleteClosedRequests(): Promise<number>;
  listSubmissions(id: string): Promise<Submissions>;
  /** Resolves when the request's folder changed, or after Dropbox's longpoll time. */
  submissionChanges(id: string, cursor: string): Promise<SubmissionChanges>;
  openSubmission(path: string): Promise<null>;
  /** A share link for a file or folder; an existing one is reused. */
  shareLink(path: string): Promise<string>;
  /** Late files for the named requests. */
  lateCounts(ids: string[]): Promise<LateCount[]>;
  /** Puts text on the system clipboard (the only clipboard permission the window has). */
  copyText(text: string): Promise<null>;
}

export function createTauriBackend(): Backend {
  return {
    getSession: () => call<SessionView>('get_session'),
    signIn: (pasteCode) => call<SignInStarted>('sign_in', { pasteCode }),
    finishSignIn: () => call<SessionView>('finish_sign_in'),
    signInWithCode: (code) => call<SessionView>('sign_in_with_code', { code }),
    cancelSignIn: () => call<null>('cancel_sign_in'),
    signOut: () => call<SessionView>('sign_out'),
    tryDemo: () => call<SessionView>('try_demo'),
    resetDemo: () => call<SessionView>('reset_demo'),
    getSettings: () => call<SettingsView>('get_settings'),
    saveSettings: (input) => call<SettingsView>('save_settings', { input }),
    openLogsFolder: () => call<null>('open_logs_folder'),
    openExternal: (url) => call<null>('open_external', { url }),
    listRequests: () => call<RequestList>('list_requests'),
    createRequest: (form) => call<RequestView>('create_request', { form }),
    updateRequest: (id, form) => call<RequestView>('update_request', { id, form }),
    setRequestOpen: (id, open) => call<RequestView>('set_request_open', { id, open }),
    deleteRequest: (id) => call<null>('delete_request', { id }),
    deleteClosedRequests: () => call<number>('delete_closed_requests'),
    listSubmissions: (id) => call<Submissions>('list_submissions', { id }),
    submissionChanges: (id, cursor) =>
      call<SubmissionChanges>('submission_changes', { id, cursor }),
    openSubmission: (path) => call<null>('open_submission', { path }),
    lateCounts: (ids) => call<LateCount[]>('late_counts', { ids }),
    shareLink: (path) => call<string>('share_link', { path }),
    copyText: async (text) => {
      await writeText(text);
      return null;
    },
  };
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw toIpcError(error);
  }
}

const ERROR_CODES: readonly ErrorCode[] = [
  'invalid_input',
  'offline',
  'rate_limited',
  'sign_in_expired',
  'missing_permission',
  'dropbox',
  'storage',
  'sign_in_failed',
  'demo_unavailable',
  'internal',
];

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
