import type { Handlers } from '../messages/router';
import { ProblemError, problem } from '../problem';
import { exportSettings, importSettings, type Settings } from '../settings/settings';
import type { SecretName, Vault, VaultResult } from '../vault/vault';
import type { ConnectionTestResult } from '../messages/commands';
import type { StatusService } from '../status/service';
import type { RunsService } from './runs-service';

/** Everything the handlers touch, passed in so the whole background can be tested in Node. */
export interface Services {
  version: string;
  now: () => Date;
  vault: Vault;
  settings: { load(): Promise<Settings>; save(settings: Settings): Promise<void> };
  /**
   * Called with the settings about to be saved; throws a ProblemError when they need something the
   * admin has not granted yet (a custom Okta domain's host permission), and registers what they need.
   */
  prepareOrigins(settings: Settings): Promise<void>;
  testConnection(side: 'okta' | 'twilio', settings: Settings): Promise<ConnectionTestResult>;
  openOptions(section?: 'okta' | 'twilio'): Promise<void>;
  /** Opens an extension-owned window for one worker: the only place actions on it are confirmed. */
  openWorker(workspaceSid: string, workerSid: string): Promise<void>;
  status: StatusService;
  runs: RunsService;
}

const unwrap = <T>(result: VaultResult<T>): T => {
  if (!result.ok) throw new ProblemError(result.problem);
  return result.data;
};

/** The background's answers to each command; the router has already checked sender and payload. */
export function createHandlers(services: Services): Handlers {
  const { vault } = services;

  const view = async () => ({ settings: await services.settings.load(), savedSecrets: await vault.savedSecretNames(), vault: await vault.status() });

  const saveSecrets = async (secrets: Partial<Record<SecretName, string>>, clear: SecretName[]) => {
    const entries = Object.entries(secrets) as [SecretName, string][];
    if (entries.length && (await vault.status()).state === 'empty') {
      throw new ProblemError(problem('not-configured', 'Secrets need the vault first.', 'Choose a passphrase (or a device key) under Security, then save again.', { service: 'extension' }));
    }
    for (const [name, value] of entries) unwrap(await vault.setSecret(name, value.trim()));
    for (const name of clear) unwrap(await vault.deleteSecret(name));
  };

  return {
    async ping() {
      return { version: services.version };
    },
    async 'connection.status'() {
      const { okta, twilio } = await services.settings.load();
      return {
        okta: { configured: Boolean(okta.orgUrl), label: okta.orgUrl ? new URL(okta.orgUrl).hostname : undefined },
        twilio: { configured: Boolean(twilio.accountSid), label: twilio.accountSid },
      };
    },
    async 'ui.openSettings'({ section }) {
      await services.openOptions(section);
      return { opened: true };
    },
    async 'ui.openWorker'({ workspaceSid, workerSid }) {
      await services.openWorker(workspaceSid, workerSid);
      return { opened: true };
    },
    'settings.get': view,
    async 'settings.save'({ settings, secrets, clearSecrets }) {
      await services.prepareOrigins(settings);
      await saveSecrets(secrets, clearSecrets);
      await services.settings.save(settings);
      return view();
    },
    async 'settings.export'() {
      return { json: exportSettings(await services.settings.load(), services.now()) };
    },
    async 'settings.import'({ json }) {
      const imported = importSettings(json);
      if (!imported.ok) throw new ProblemError(problem('invalid-request', imported.reason, 'Choose a file made by "Export settings".', { service: 'extension' }));
      await services.prepareOrigins(imported.settings);
      await services.settings.save(imported.settings);
      return view();
    },
    async 'vault.setup'({ passphrase }) {
      return unwrap(await vault.setup({ passphrase }));
    },
    async 'vault.unlock'({ passphrase }) {
      return unwrap(await vault.unlock(passphrase));
    },
    'vault.lock': () => vault.lock(),
    async 'vault.configure'({ idleLockMinutes }) {
      return unwrap(await vault.setIdleLockMinutes(idleLockMinutes));
    },
    async 'vault.changePassphrase'({ current, next }) {
      return unwrap(await vault.changePassphrase(current, next));
    },
    'vault.reset': () => vault.reset(),
    async 'workers.status'({ workspaceSid, workerSids, refresh }) {
      const [answer, runs] = await Promise.all([services.status.forWorkers(workspaceSid, workerSids, { refresh }), services.runs.forWorkers(workerSids)]);
      return { ...answer, runs };
    },
    'okta.userWorkers': ({ oktaUserId }) => services.status.forOktaUser(oktaUserId),
    'person.lookup': ({ query }) => {
      switch (query.kind) {
        case 'email':
          return services.status.forEmail(query.email);
        case 'okta-login':
          return services.status.forOktaUser(query.login);
        case 'okta-user':
          return services.status.forOktaUser(query.id);
        case 'worker':
          return services.status.forWorkerSid(query.workerSid);
      }
    },
    async 'person.suggest'({ prefix }) {
      return { people: await services.status.suggest(prefix) };
    },
    'runs.preview': ({ target, overrideBusy }) => services.runs.preview(target, overrideBusy),
    'runs.previewUndo': ({ runId }) => services.runs.previewUndo(runId),
    async 'runs.start'({ previewId, typed }) {
      return { run: await services.runs.start(previewId, typed) };
    },
    async 'runs.get'({ runId }) {
      return { run: await services.runs.get(runId) };
    },
    async 'runs.list'() {
      return { runs: await services.runs.list() };
    },
    async 'runs.retry'({ runId }) {
      return { run: await services.runs.retry(runId) };
    },
    async 'runs.skip'({ runId }) {
      return { run: await services.runs.skip(runId) };
    },
    async 'runs.abort'({ runId }) {
      return { run: await services.runs.abort(runId) };
    },
    async 'connection.test'({ side }) {
      return services.testConnection(side, await services.settings.load());
    },
  };
}
