import type { Backend } from '../ipc/backend';
import { toIpcError } from '../ipc/backend';
import type { IpcError } from '../ipc/bindings/IpcError';
import type { SessionView } from '../ipc/bindings/SessionView';
import type { SignInStarted } from '../ipc/bindings/SignInStarted';
import { Countdown, backoffMs } from './countdown.svelte';

/**
 * The session as the window shows it: loading, signed in or out, a sign-in waiting for the
 * browser, and the last error to act on.
 */
export class SessionState {
  view: SessionView | undefined = $state();
  error: IpcError | undefined = $state();
  /** An error about one input (the pasted code), shown under it. */
  fieldError: IpcError | undefined = $state();
  loading = $state(false);
  /** A sign-in waiting for the browser (or for a pasted code). */
  signingIn: SignInStarted | undefined = $state();

  /** While Dropbox cannot be reached: the wait before the next try. */
  readonly reconnect = new Countdown();

  readonly #backend: Backend;
  /** Bumped by every new sign-in or cancel, so a stale answer is ignored. */
  #attempt = 0;
  #reconnects = 0;

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  get signedIn(): boolean {
    return Boolean(this.view?.account);
  }

  load(): Promise<void> {
    return this.#run(() => this.#backend.getSession());
  }

  /** "Retry now": ends the wait, or asks at once when none is running. */
  retryNow(): void {
    if (this.reconnect.secondsLeft !== undefined) this.reconnect.now();
    else void this.load();
  }

  /** Signed in before but Dropbox cannot be reached: ask again, waiting longer each time. */
  #keepTrying(): void {
    if (!this.view?.unreachable || this.reconnect.secondsLeft !== undefined) {
      if (!this.view?.unreachable) this.#reconnects = 0;
      return;
    }
    void this.reconnect.wait(backoffMs(++this.#reconnects)).then(() => this.load());
  }

  /** "Connect Dropbox" (or, with `pasteCode`, the flow where Dropbox shows a code). */
  async connect(pasteCode = false): Promise<void> {
    const attempt = ++this.#attempt;
    this.error = undefined;
    this.fieldError = undefined;
    try {
      const started = await this.#backend.signIn(pasteCode);
      if (attempt !== this.#attempt) return;
      this.signingIn = started;
      if (started.pasteCode) return;
      const view = await this.#backend.finishSignIn();
      if (attempt !== this.#attempt) return;
      this.view = view;
      this.signingIn = undefined;
    } catch (error) {
      if (attempt !== this.#attempt) return;
      this.signingIn = undefined;
      this.error = toIpcError(error);
    }
  }

  async pasteInstead(): Promise<void> {
    await this.cancel();
    await this.connect(true);
  }

  async submitCode(code: string): Promise<void> {
    this.fieldError = undefined;
    try {
      this.view = await this.#backend.signInWithCode(code);
      this.signingIn = undefined;
      this.#attempt++;
    } catch (error) {
      const failure = toIpcError(error);
      if (failure.field === 'code') {
        this.fieldError = failure;
      } else {
        this.signingIn = undefined;
        this.error = failure;
      }
    }
  }

  async cancel(): Promise<void> {
    this.#attempt++;
    this.signingIn = undefined;
    try {
      await this.#backend.cancelSignIn();
    } catch (error) {
      this.error = toIpcError(error);
    }
  }

  /** Signs out of `account` (the active one when left out); the others stay signed in. */
  signOut(account?: string): Promise<void> {
    return this.#run(() => this.#backend.signOut(account));
  }

  /** Makes another signed-in account the active one. */
  switchTo(account: string): Promise<void> {
    if (this.view?.accounts.find((a) => a.key === account)?.active) return Promise.resolve();
    return this.#run(() => this.#backend.switchAccount(account));
  }

  /** The active account's key (`demo`, or Dropbox's account id), if any is active. */
  get activeKey(): string | undefined {
    return this.view?.accounts.find((a) => a.active)?.key;
  }

  /**
   * Desktop notifications of arriving submissions on or off for the active account; answers
   * the failure, if any (the view then still says what is kept).
   */
  async setNotifiesArrivals(on: boolean): Promise<IpcError | undefined> {
    try {
      this.view = await this.#backend.setNotifiesArrivals(on);
      return undefined;
    } catch (error) {
      return toIpcError(error);
    }
  }

  tryDemo(): Promise<void> {
    return this.#run(() => this.#backend.tryDemo());
  }

  resetDemo(): Promise<void> {
    return this.#run(() => this.#backend.resetDemo());
  }

  async #run(action: () => Promise<SessionView>): Promise<void> {
    this.loading = true;
    this.error = undefined;
    try {
      this.view = await action();
    } catch (error) {
      this.error = toIpcError(error);
    } finally {
      this.loading = false;
    }
    this.#keepTrying();
  }
}
