// STAND-IN, deleted before this branch's last commit: the lib helper's lib/saml/load.ts replaces it at merge.
import { problem, type Problem } from '../problem';
import type { SamlContext, SamlDiagnosis } from './diagnosis';
import type { SamlInputResponse } from './input';

export async function loadSamlDiagnosis(): Promise<{ readSamlInput(text: string): { responses: SamlInputResponse[] } | { problem: Problem }; diagnoseSamlResponse(xml: string, context: SamlContext): Promise<SamlDiagnosis> }> {
  const missing = problem('unknown', 'The SAML diagnosis is not in this build yet.', 'Merge lib/saml.', { service: 'extension' });
  return { readSamlInput: () => ({ problem: missing }), diagnoseSamlResponse: async () => ({ verdict: 'fail', findings: [], user: { roles: [] }, problem: missing }) };
}
