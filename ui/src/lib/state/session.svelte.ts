import type { Backend } from '../ipc/backend';
import { toIpcError } from '../ipc/backend';
import type { IpcError } from '../ipc/bindings/IpcError';
import type { SessionView } from '../ipc/bindings/SessionView';

/** The session as the window shows it: loading, ready, or failed with an error to act on. */
export class SessionState {
  view: SessionView | undefined = $state();
  error: IpcError | undefined = $state();
  loading = $state(false);

  readonly #backend: Backend;

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  async load(): Promise<void> {
    this.loading = true;
    this.error = undefined;
    try {
      this.view = await this.#backend.getSession();
    } catch (error) {
      this.error = toIpcError(error);
    } finally {
      this.loading = false;
    }
  }
}
