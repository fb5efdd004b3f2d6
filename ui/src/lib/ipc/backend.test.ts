import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { createTauriBackend, toIpcError } from './backend';

afterEach(() => clearMocks());

describe('the Tauri backend', () => {
  it('calls the get_session command by its Rust name', async () => {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      return { mode: 'demo', account: null };
    });
    const session = await createTauriBackend().getSession();
    expect(calls).toEqual(['get_session']);
    expect(session.mode).toBe('demo');
  });

  it('calls every session command by its Rust name with camelCase arguments', async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return null;
    });
    const backend = createTauriBackend();
    await backend.signIn(true);
    await backend.finishSignIn();
    await backend.signInWithCode('abc');
    await backend.cancelSignIn();
    await backend.signOut();
    await backend.tryDemo();
    await backend.resetDemo();
    await backend.getSettings();
    await backend.saveSettings({ appKey: 'k', redirectPorts: '' });
    await backend.openLogsFolder();
    await backend.openExternal('https://www.dropbox.com/');
    await backend.listRequests();
    await backend.setRequestOpen('r1', false);
    await backend.deleteRequest('r1');
    await backend.deleteClosedRequests();
    expect(calls.map(([cmd]) => cmd)).toEqual([
      'sign_in',
      'finish_sign_in',
      'sign_in_with_code',
      'cancel_sign_in',
      'sign_out',
      'try_demo',
      'reset_demo',
      'get_settings',
      'save_settings',
      'open_logs_folder',
      'open_external',
      'list_requests',
      'set_request_open',
      'delete_request',
      'delete_closed_requests',
    ]);
    expect(calls[12]?.[1]).toEqual({ id: 'r1', open: false });
    expect(calls[8]?.[1]).toEqual({ input: { appKey: 'k', redirectPorts: '' } });
    expect(calls[10]?.[1]).toEqual({ url: 'https://www.dropbox.com/' });
    expect(calls[0]?.[1]).toEqual({ pasteCode: true });
    expect(calls[2]?.[1]).toEqual({ code: 'abc' });
  });

  it('passes a command error through with its code and field', async () => {
    mockIPC(() => {
      throw { code: 'invalid_input', message: 'App key: paste it.', field: 'appKey' };
    });
    await expect(createTauriBackend().getSession()).rejects.toEqual({
      code: 'invalid_input',
      message: 'App key: paste it.',
      field: 'appKey',
    });
  });
});

describe('toIpcError', () => {
  it('turns anything else into an internal error that keeps its text', () => {
    expect(toIpcError(new Error('boom'))).toEqual({ code: 'internal', message: 'Error: boom' });
    expect(toIpcError({ code: 'no_such_code', message: 'x' }).code).toBe('internal');
  });
});
