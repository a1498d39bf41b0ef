import { sealSecret, secretDestination } from '../connections/secret-destinations';
import { planSettingsChange } from '../connections/settings-change';
import type { Handlers } from '../messages/router';
import { ProblemError, problem } from '../problem';
import { exportSettings, importSettings, type Settings } from '../settings/settings';
import { SECRET_LABELS, type SecretName, type Vault, type VaultResult } from '../vault/vault';
import type { ConnectionTestResult } from '../messages/commands';
import type { StatusService } from '../status/service';
import type { RunsService } from './runs-service';
import type { TeamService } from '../team/service';
import type { StorageMove } from '../storage/move-from-local';
import type { SsoCheckService } from '../sso/check-service';
import { migrationReminder, type MigrationMemory } from '../sso/migration-memory';
import type { SamlLoginTest } from '../saml/service';
import type { AuditService } from '../audit/service';

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
  /** Opens the SAML login test in an extension-owned window (asked for by the Flex SSO page's hint card). */
  openLoginTest(): Promise<void>;
  status: StatusService;
  runs: RunsService;
  sso: SsoCheckService;
  /** When the SSO migration happened, and the switch-back reminder it drives on the icon. */
  ssoMigration: { memory: MigrationMemory; refreshReminder(): Promise<void> };
  /** The SAML login test: capture while armed, and the diagnosis of what was captured, pasted or dropped. */
  samlLoginTest: SamlLoginTest;
  /** Team mode: the shared ledger, locks and operators on Twilio Sync. */
  team: TeamService;
  /** The licence audit: scans every worker, checkpointed so it survives a service-worker restart. */
  audit: AuditService;
  /** Opens the side panel's licence audit (asked for by the Console worker list's summary line). */
  openAudit(): Promise<void>;
  /** Tells pages and content scripts the vault locked, so nothing keeps showing what it read before. */
  vaultLocked(): Promise<void>;
  /** What was moved out of `storage.local` when this version first started, for the run history. */
  storageMove(): Promise<StorageMove | null>;
}

const unwrap = <T>(result: VaultResult<T>): T => {
  if (!result.ok) throw new ProblemError(result.problem);
  return result.data;
};

/**
 * Commands that pages send by themselves (on open, on a change signal, on a poll): they are not
 * the admin doing something, so they do not hold the vault open. Everything else an extension
 * page sends is an admin's action and restarts the idle lock; nothing a content script sends does.
 */
const PASSIVE = new Set<keyof Handlers>(['ping', 'connection.status', 'settings.get', 'runs.get', 'runs.list', 'workers.status', 'sso.checker', 'saml.status', 'saml.takeCaptured', 'audit.view', 'audit.rows', 'audit.summary', 'runs.bulk', 'team.status', 'team.operators']);

/** The background's answers to each command; the router has already checked sender and payload. */
export function createHandlers(services: Services): Handlers {
  const handlers = answers(services);
  for (const name of Object.keys(handlers) as (keyof Handlers)[]) {
    if (PASSIVE.has(name)) continue;
    const answer = handlers[name] as (payload: unknown, sender: Parameters<Handlers[typeof name]>[1]) => Promise<unknown>;
    (handlers as Record<string, typeof answer>)[name] = async (payload, sender) => {
      if (sender.kind === 'extension-page') await services.vault.touch();
      return answer(payload, sender);
    };
  }
  return handlers;
}

function answers(services: Services): Handlers {
  const { vault } = services;

  const migrationView = async () => {
    const record = await services.ssoMigration.memory.get();
    await services.ssoMigration.refreshReminder();
    return { migration: record ? { record, reminder: migrationReminder(record, services.now()) } : null };
  };

  const view = async () => ({ settings: await services.settings.load(), savedSecrets: await vault.savedSecretNames(), vault: await vault.status() });

  /**
   * Stores settings (saved or imported) with their secrets: each typed secret sealed with the
   * destination these settings name, and the secrets saved for a destination they no longer name
   * cleared, so the old token never goes to the new org. Nothing is written when any part fails.
   */
  const applySettings = async (requested: Settings, secrets: Partial<Record<SecretName, string>>, clearSecrets: SecretName[], retry: string) => {
    const entries = Object.entries(secrets) as [SecretName, string][];
    const change = planSettingsChange(await services.settings.load(), requested, await vault.savedSecretNames(), entries.map(([name]) => name));
    await services.prepareOrigins(change.settings);
    const state = (await vault.status()).state;
    if (entries.length && state === 'empty') {
      throw new ProblemError(problem('not-configured', 'Secrets need the vault first.', 'Choose a passphrase (or a device key) under Security, then save again.', { service: 'extension' }));
    }
    if (change.clear.length && state !== 'unlocked') {
      const labels = change.clear.map((name) => `the ${SECRET_LABELS[name]}`).join(' and ');
      throw new ProblemError(problem('locked', `Nothing was changed: these settings name another destination, so ${labels} saved for the old one must be cleared, and the vault is locked.`, `Unlock the vault under Security, then ${retry}.`, { service: 'extension' }));
    }
    const sealed = entries.map(([name, value]) => [name, sealSecret(value.trim(), secretDestination(name, change.settings))] as const);
    for (const [name, value] of sealed) unwrap(await vault.setSecret(name, value));
    for (const name of new Set([...clearSecrets, ...change.clear])) unwrap(await vault.deleteSecret(name));
    await services.settings.save(change.settings);
    return { ...(await view()), notice: change.notice };
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
    async 'ui.openLoginTest'() {
      await services.openLoginTest();
      return { opened: true };
    },
    'saml.arm': () => services.samlLoginTest.arm(),
    'saml.disarm': () => services.samlLoginTest.disarm(),
    'saml.status': () => services.samlLoginTest.status(),
    'saml.takeCaptured': () => services.samlLoginTest.takeCaptured(),
    'saml.diagnose': ({ text }) => services.samlLoginTest.diagnose(text),
    'settings.get': view,
    'settings.save': ({ settings, secrets, clearSecrets }) => applySettings(settings, secrets, clearSecrets, 'save again'),
    async 'settings.export'() {
      return { json: exportSettings(await services.settings.load(), services.now()) };
    },
    async 'settings.import'({ json }) {
      const imported = importSettings(json);
      if (!imported.ok) throw new ProblemError(problem('invalid-request', imported.reason, 'Choose a file made by "Export settings".', { service: 'extension' }));
      return applySettings(imported.settings, {}, [], 'import the file again');
    },
    async 'vault.setup'({ passphrase }) {
      return unwrap(await vault.setup({ passphrase }));
    },
    async 'vault.unlock'({ passphrase }) {
      return unwrap(await vault.unlock(passphrase));
    },
    async 'vault.lock'() {
      const status = await vault.lock();
      await services.vaultLocked();
      return status;
    },
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
    'sso.checkPage': ({ page }) => services.sso.checkPage(page),
    'sso.oktaApp': ({ appId }) => services.sso.checkOktaApp(appId),
    async 'sso.checker'({ refresh }) {
      const checker = await services.sso.checker({ refresh });
      // A migration detected while gathering shows on the icon at once.
      await services.ssoMigration.refreshReminder();
      return checker;
    },
    async 'sso.recordMigration'({ migratedAt, setupType }) {
      await services.ssoMigration.memory.record({ migratedAt, ...(setupType ? { setupType } : {}) });
      return migrationView();
    },
    async 'sso.clearMigration'() {
      await services.ssoMigration.memory.clear();
      return migrationView();
    },
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
    'runs.preview': ({ target, overrideBusy, acceptWithoutUnassign }) => services.runs.preview(target, { overrideBusy, acceptWithoutUnassign }),
    'team.status': () => services.team.status(),
    'team.createService': () => services.team.createService(),
    'team.suggestOperator': () => services.team.suggestOperator(),
    'team.operators': () => services.team.operators(),
    'team.setOperators': ({ operators }) => services.team.setOperators(operators),
    'runs.previewUndo': ({ runId }) => services.runs.previewUndo(runId),
    async 'runs.start'({ previewId, typed, withoutTeamLock }) {
      return { run: await services.runs.start(previewId, typed, { withoutTeamLock }) };
    },
    'runs.get': ({ runId }) => services.runs.get(runId),
    async 'runs.list'({ offset, limit, filter }) {
      return { ...(await services.runs.list(offset, limit, filter)), storageMove: await services.storageMove() };
    },
    'runs.exportPrunable': () => services.runs.exportPrunable(),
    'runs.prune': ({ ids }) => services.runs.prune(ids),
    async 'runs.retry'({ runId }) {
      return { run: await services.runs.retry(runId) };
    },
    async 'runs.pause'({ runId }) {
      return { run: await services.runs.pause(runId) };
    },
    async 'runs.skip'({ runId }) {
      return { run: await services.runs.skip(runId) };
    },
    async 'runs.abort'({ runId }) {
      return { run: await services.runs.abort(runId) };
    },
    async 'runs.previewBulk'({ targets }) {
      return services.runs.previewBulk(targets);
    },
    async 'runs.startBulk'({ previewId, typed }) {
      return services.runs.startBulk(previewId, typed);
    },
    async 'runs.bulk'({ bulkId }) {
      return { runs: await services.runs.bulk(bulkId) };
    },
    'audit.start': ({ scope }) => services.audit.start(scope),
    'audit.cancel': () => services.audit.cancel(),
    'audit.resume': () => services.audit.resume(),
    'audit.view': () => services.audit.view(),
    'audit.rows': ({ offset, limit }) => services.audit.rows(offset, limit),
    'audit.summary': ({ workspaceSid }) => services.audit.summary(workspaceSid),
    async 'ui.openAudit'() {
      await services.openAudit();
      return { opened: true };
    },
    async 'connection.test'({ side }) {
      return services.testConnection(side, await services.settings.load());
    },
  };
}
