import type { Backend } from '../ipc/backend';
import { toIpcError } from '../ipc/backend';
import type { Downloaded } from '../ipc/bindings/Downloaded';
import type { IpcError } from '../ipc/bindings/IpcError';
import type { Progress } from '../ipc/bindings/Progress';

export interface DownloadItem {
  id: string;
  /** What is being saved, as the user knows it. */
  label: string;
  received: number;
  total: number | null;
  status: 'running' | 'saved' | 'cancelled' | 'failed';
  /** Where it was saved. */
  path?: string;
  error?: IpcError;
}

let counter = 0;

/**
 * Downloads into the folder the user chose: running ones with progress and a cancel, finished
 * ones with where they went. Lives as long as the requests place, so a download keeps its
 * progress while the user looks at another request.
 */
export class DownloadsState {
  items: DownloadItem[] = $state([]);
  folder = $state('');
  folderError: IpcError | undefined = $state();

  readonly #backend: Backend;

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  async loadFolder(): Promise<void> {
    try {
      this.folder = await this.#backend.getDownloadFolder();
      this.folderError = undefined;
    } catch (error) {
      this.folderError = toIpcError(error);
    }
  }

  /** The system's folder chooser; keeps the old folder when closed. */
  async chooseFolder(): Promise<void> {
    try {
      const chosen = await this.#backend.chooseDownloadFolder();
      if (chosen) this.folder = chosen;
      this.folderError = undefined;
    } catch (error) {
      this.folderError = toIpcError(error);
    }
  }

  /** Opens the download folder in the system's file manager. */
  async showFolder(): Promise<void> {
    try {
      await this.#backend.openDownloadFolder();
      this.folderError = undefined;
    } catch (error) {
      this.folderError = toIpcError(error);
    }
  }

  file(path: string, name: string): Promise<DownloadItem> {
    return this.#run(name, (id, onProgress) => this.#backend.downloadFile(id, path, onProgress));
  }

  all(requestId: string, title: string): Promise<DownloadItem> {
    return this.#run(`${title} (all files, .zip)`, (id, onProgress) =>
      this.#backend.downloadAllSubmissions(id, requestId, onProgress),
    );
  }

  async cancel(id: string): Promise<void> {
    await this.#backend.cancelDownload(id).catch(() => false);
  }

  dismiss(id: string): void {
    this.items = this.items.filter((item) => item.id !== id);
  }

  get running(): number {
    return this.items.filter((item) => item.status === 'running').length;
  }

  async #run(
    label: string,
    start: (id: string, onProgress: (p: Progress) => void) => Promise<Downloaded>,
  ): Promise<DownloadItem> {
    counter += 1;
    const id = `download-${Date.now()}-${counter}`;
    this.items = [{ id, label, received: 0, total: null, status: 'running' }, ...this.items];
    // The proxied item, so that updates reach the screen.
    const item = this.items[0] as DownloadItem;
    try {
      const outcome = await start(id, (progress) => {
        item.received = progress.received;
        item.total = progress.total;
      });
      if (outcome.outcome === 'saved') {
        item.status = 'saved';
        item.path = outcome.path;
        item.received = outcome.bytes;
      } else {
        item.status = 'cancelled';
      }
    } catch (error) {
      item.status = 'failed';
      item.error = toIpcError(error);
    }
    return item;
  }
}
