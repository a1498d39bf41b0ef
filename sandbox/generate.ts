import type { SandboxState } from './state';

export interface GenerateOptions {
  seed: number;
  workers: number;
  oktaUsers: number;
}

// Placeholder until the data generator lands (issue 2); replaced wholesale.
export function generateState(options: GenerateOptions, _now: Date): SandboxState {
  return {
    seed: options.seed,
    twilio: {
      credentials: { accountSid: 'AC' + '0'.repeat(32), authToken: 'token', apiKeySid: 'SK' + '0'.repeat(32), apiKeySecret: 'secret' },
      workspaces: [],
      workers: [],
      flex: null,
    },
    okta: { apiTokens: ['sandbox-token'], users: [], apps: [], assignments: [], sessions: [], keys: [] },
    switches: { nullListAttributes: false },
  };
}
