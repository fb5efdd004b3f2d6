import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { ada, demoSession, dropboxSession, entry } from '../../test-backend';
import AccountCard from './AccountCard.svelte';

describe('AccountCard', () => {
  it('names the team of a university account and where its paths start', () => {
    const session = {
      ...dropboxSession,
      account: { ...ada, plan: 'business' as const, team: 'University of Example', ownFolder: '/Ada Lovelace' },
    };
    render(AccountCard, { session });
    const team = screen.getByTestId('account-team');
    expect(team).toHaveTextContent('University of Example');
    expect(team).toHaveAttribute('title', 'Paths start at the team space; your own folder is /Ada Lovelace');
  });

  it('says nothing of a team for a personal account', () => {
    render(AccountCard, { session: dropboxSession });
    expect(screen.getByTestId('account-name')).toHaveTextContent('Ada Lovelace');
    expect(screen.queryByTestId('account-team')).not.toBeInTheDocument();
  });

  it('lists the other accounts to switch to, with their shortcut, and offers to add one', async () => {
    const user = userEvent.setup();
    const session = {
      ...dropboxSession,
      accounts: [
        entry('dbid:ada', { active: false, team: 'University of Example', email: 'ada@uni.example' }),
        entry('dbid:ada', { active: true }),
        entry('dbid:grace', { active: false, displayName: 'Grace Hopper', email: 'grace@home.example', signedIn: false }),
      ].map((a, i) => ({ ...a, key: `k${i}` })),
    };
    const switched: string[] = [];
    let added = 0;
    render(AccountCard, { session, onswitch: (k: string) => switched.push(k), onadd: () => added++ });

    const others = screen.getAllByTestId('switch-account');
    expect(others).toHaveLength(2);
    expect(others[0]).toHaveTextContent('ada@uni.example');
    expect(others[0]).toHaveTextContent('University of Example');
    expect(others[0]).toHaveAttribute('title', expect.stringContaining('ada@uni.example, University of Example.'));
    expect(others[0]).toHaveAttribute('aria-keyshortcuts', 'Control+Shift+1');
    expect(others[1]).toHaveTextContent('Grace Hopper');
    expect(others[1]).toHaveTextContent('Signed out');
    expect(others[1]).toHaveAttribute('aria-keyshortcuts', 'Control+Shift+3');
    const grace = others[1];
    if (!grace) throw new Error('no second account');
    await user.click(grace);
    expect(switched).toEqual(['k2']);
    await user.click(screen.getByTestId('add-account'));
    expect(added).toBe(1);
  });

  it('shows no account list when there is nothing to switch to or add', () => {
    render(AccountCard, { session: demoSession, onswitch: () => {}, onadd: () => {}, ondemo: () => {} });
    expect(screen.queryByRole('group', { name: 'Accounts' })).not.toBeInTheDocument();
  });
});
