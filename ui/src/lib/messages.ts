import type { IpcError } from './ipc/bindings/IpcError';
import type { Plan } from './ipc/bindings/Plan';

/** What the user reads for an error, chosen by its code; the message carries the specifics. */
export function describeError(error: IpcError): string {
  switch (error.code) {
    case 'offline':
    case 'unavailable':
    case 'outcome_unknown':
      return error.message;
    case 'rate_limited':
      return `Dropbox asked us to slow down. Retrying in ${error.retryAfterSecs ?? 5} s…`;
    case 'sign_in_expired':
      return 'Your Dropbox sign-in has ended. Sign in again.';
    case 'demo_unavailable':
    case 'sign_in_failed':
    case 'missing_permission':
    case 'invalid_input':
    case 'dropbox':
    case 'storage':
    case 'internal':
    case 'space_changed':
      return error.message;
  }
}

const PLAN_NAMES: Record<Plan, string> = {
  basic: 'Basic',
  pro: 'Professional',
  business: 'Business',
};

export function planName(plan: Plan): string {
  return PLAN_NAMES[plan];
}
