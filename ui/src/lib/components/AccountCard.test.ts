import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import { ada, dropboxSession } from '../../test-backend';
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
});
