import { describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from './App.svelte';
import type { Backend } from './lib/ipc/backend';
import type { IpcError } from './lib/ipc/bindings/IpcError';
import type { SessionView } from './lib/ipc/bindings/SessionView';

const demoSession: SessionView = {
  mode: 'demo',
  account: { displayName: 'Ada Lovelace', email: 'ada@uni.example', plan: 'pro' },
};

function fakeBackend(...answers: (SessionView | IpcError)[]): Backend {
  return {
    getSession: async () => {
      const answer = answers.shift();
      if (!answer) throw new Error('no more answers');
      if ('code' in answer) throw answer;
      return answer;
    },
  };
}

describe('the app frame', () => {
  it('shows the signed-in account with a demo badge and announces it', async () => {
    render(App, { backend: fakeBackend(demoSession) });

    expect(await screen.findByTestId('account-name')).toHaveTextContent('Ada Lovelace');
    expect(screen.getByTestId('demo-badge')).toHaveTextContent('Demo');
    expect(screen.getByText(/Professional/)).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent(
        'Signed in to the demo Dropbox as Ada Lovelace.',
      ),
    );
  });

  it('switches places from the sidebar and with Ctrl+digit', async () => {
    const user = userEvent.setup();
    render(App, { backend: fakeBackend(demoSession) });
    await screen.findByTestId('account-name');

    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('File requests');
    await user.click(screen.getByRole('button', { name: /Paper docs/ }));
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Paper docs');
    expect(screen.getByRole('button', { name: /Paper docs/ })).toHaveAttribute(
      'aria-current',
      'page',
    );

    await user.keyboard('{Control>}3{/Control}');
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Settings');
    expect(screen.getByRole('heading', { level: 1 })).toHaveFocus();
  });

  it('shows a failed start in the alert region by its code, and recovers on retry', async () => {
    const user = userEvent.setup();
    render(App, {
      backend: fakeBackend({ code: 'offline', message: 'connection refused' }, demoSession),
    });

    expect(await screen.findByTestId('error-message')).toHaveTextContent("Can't reach Dropbox.");
    expect(screen.getByRole('alert')).toContainElement(screen.getByTestId('error-message'));

    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('account-name')).toHaveTextContent('Ada Lovelace');
    expect(screen.queryByTestId('error-message')).not.toBeInTheDocument();
  });
});
