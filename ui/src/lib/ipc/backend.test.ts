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
