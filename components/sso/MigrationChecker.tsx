import { useCallback, useEffect, useState } from 'react';
import { askBackground } from '../../lib/messages/ask-background';
import type { SsoCheckerView } from '../../lib/messages/commands';
import { toProblem, type Problem } from '../../lib/problem';
import { IDP_SP_LABELS, idpChecklist } from '../../lib/sso/idp-checklists';
import { IDP_KINDS, IDP_NAMES, type IdpKind } from '../../lib/sso/idp-values';
import { ProblemNotice } from '../ProblemNotice';
import { CopyValue } from '../CopyValue';
import { FindingList } from './FindingList';
import { MigrationDates } from './MigrationDates';
import { PageValues } from './PageValues';
import { LoginTest } from '../saml/LoginTest';
import '../sso.css';
import './sso.css';

/** Seed 003's two setup types, with the guide's benefits and considerations. */
const SETUP_TYPES = {
  modify: {
    title: 'Modify existing SSO connection',
    benefits: 'No new IdP setup; no change for users who already have access to Flex.',
    considerations: 'If a configuration error occurs, you revert to the legacy connection while you troubleshoot, and new agent logins can be denied until you do.',
  },
  create: {
    title: 'Create new SSO connection',
    benefits: 'The legacy connection stays unchanged, so you can switch back if something is wrong; the Flex and IdP administrators can work asynchronously.',
    considerations: 'A new IdP app to set up, and every current Flex user must be given access to it before login traffic goes there.',
  },
} as const;

/**
 * The side panel's SSO migration checker: seed 003's four steps with this account's exact values,
 * a live check of the Okta Flex app, and when the switch-back window closes.
 */
export function MigrationChecker() {
  const [view, setView] = useState<SsoCheckerView>();
  const [problem, setProblem] = useState<Problem>();
  const [busy, setBusy] = useState(true);
  const [idp, setIdp] = useState<IdpKind>('okta');

  const load = useCallback(
    (refresh: boolean) =>
      askBackground('sso.checker', { refresh })
        .then(
          (answer) => {
            setView(answer);
            setProblem(undefined);
          },
          (error: unknown) => setProblem(toProblem(error)),
        )
        .finally(() => setBusy(false)),
    [],
  );
  useEffect(() => {
    void load(false);
  }, [load]);

  if (!view) return problem ? <ProblemNotice problem={problem} /> : <p className="muted">Checking the Flex and Okta SSO settings…</p>;
  if (!view.twilio || !view.endpoints) {
    return (
      <>
        {view.problems.map((p) => (
          <ProblemNotice key={p.message} problem={p} />
        ))}
      </>
    );
  }
  const { endpoints } = view;
  const target = endpoints.enhanced;
  const okta = view.okta;
  return (
    <div aria-busy={busy}>
      <div className="row">
        <p className="muted small">
          Account {view.twilio.accountSid} ({view.twilio.region.toUpperCase()})
          {view.connection ? ` · enhanced connection ${view.connection.sid} (from ${view.connection.from === 'flex-config' ? 'Flex’s configuration' : 'the Flex SSO page'})` : ' · no enhanced connection yet'}
        </p>
        <button
          type="button"
          className="secondary small"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void load(true);
          }}
        >
          {busy ? 'Checking…' : 'Re-check'}
        </button>
      </div>
      {problem ? <ProblemNotice problem={problem} /> : null}
      {view.problems.map((p) => (
        <ProblemNotice key={p.message} problem={p} />
      ))}
      <MigrationDates migration={view.migration} onChange={(migration) => setView({ ...view, migration })} />
      {view.page ? <PageValues page={view.page} /> : <p className="muted small">Open Flex → Manage → Single sign-on in the Console to check the values on that page here too.</p>}

      <ol className="sso-steps">
        <li aria-label="Step 1: Select setup type">
          <h3>Select setup type</h3>
          <p className="recommended">
            Recommended: {SETUP_TYPES[view.recommendation.setupType].title}. {view.recommendation.reason}
          </p>
          {(['modify', 'create'] as const).map((type) => (
            <details key={type} open={type === view.recommendation.setupType}>
              <summary>{SETUP_TYPES[type].title}</summary>
              <p className="small">Benefits: {SETUP_TYPES[type].benefits}</p>
              <p className="small">Considerations: {SETUP_TYPES[type].considerations}</p>
            </details>
          ))}
        </li>

        <li aria-label="Step 2: Update your identity provider">
          <h3>Update your identity provider</h3>
          <div className="row small">
            Identity provider
            <select aria-label="Identity provider" value={idp} onChange={(e) => setIdp(e.target.value as IdpKind)}>
              {IDP_KINDS.map((id) => (
                <option key={id} value={id}>
                  {IDP_NAMES[id]}
                </option>
              ))}
            </select>
          </div>
          <table className="sso-values" aria-label="This account’s values">
            <thead>
              <tr>
                <th>{IDP_NAMES[idp]} field</th>
                <th>Enhanced (new)</th>
                <th>Legacy (switch back)</th>
              </tr>
            </thead>
            <tbody>
              {(['entityId', 'acsUrl'] as const).map((key) => {
                const label = key === 'entityId' ? IDP_SP_LABELS[idp].entityId : IDP_SP_LABELS[idp].acsUrl;
                return (
                  <tr key={key}>
                    <th scope="row">{label}</th>
                    <td>{target ? <CopyValue value={target[key]} label={`enhanced ${label}`} /> : <span className="muted small">Shown once Flex has the connection: click Start setup on the Flex single-sign-on page.</span>}</td>
                    <td>
                      <CopyValue value={endpoints.legacy[key]} label={`legacy ${label}`} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="muted small">In {IDP_NAMES[idp]}: {IDP_SP_LABELS[idp].page}.</p>
          {idp === 'okta' ? (
            <OktaAppCheck okta={okta} />
          ) : (
            <ChecklistView checklist={idpChecklist(idp, target ?? endpoints.legacy)} />
          )}
        </li>

        <li aria-label="Step 3: Enter identity provider data">
          <h3>Enter identity provider data (new connection only)</h3>
          {okta.metadata ? (
            <dl>
              <dt>Identity Provider Issuer</dt>
              <dd>
                <CopyValue value={okta.metadata.issuer} label="issuer" />
              </dd>
              <dt>SSO URL</dt>
              <dd>
                <CopyValue value={okta.metadata.ssoUrl} label="SSO URL" />
              </dd>
              {okta.metadata.certificatePem ? (
                <>
                  <dt>X.509 Certificate (the one Okta signs with now)</dt>
                  <dd>
                    <CopyValue value={okta.metadata.certificatePem} label="certificate" block />
                  </dd>
                </>
              ) : null}
            </dl>
          ) : (
            <p className="muted small">{okta.connected ? 'Okta’s metadata for the Flex app could not be read (see above).' : 'Connect Okta in Settings to see the issuer, SSO URL and certificate to paste into Flex.'}</p>
          )}
          <p className="muted small">When you modify the existing connection, Flex keeps the IdP data it has and this step does not appear.</p>
        </li>

        <li aria-label="Step 4: Validate">
          <h3>Validate the connection in Flex</h3>
          <p className="small">Open a private (incognito) window, click Log in with SSO, and sign in as a user assigned to the Flex app. Flex loads when it works; then click Finish.</p>
          <LoginTest />
        </li>
      </ol>
    </div>
  );
}

function OktaAppCheck({ okta }: { okta: SsoCheckerView['okta'] }) {
  if (!okta.connected) return <p className="muted">Connect Okta in Settings to check the Flex app.</p>;
  if (!okta.app || !okta.check) return <p className="muted">The Okta Flex app could not be checked.</p>;
  const link = { href: okta.app.signOnTabUrl, text: 'Open the Sign On tab' };
  return (
    <section aria-label="Okta app check">
      <p>
        Okta app <strong>{okta.app.label}</strong>:{' '}
        <span className={`status ${okta.check.summary.errors ? 'off' : 'ok'}`}>{okta.check.summary.text}</span>{' '}
        <a href={link.href} target="_blank" rel="noreferrer">
          {link.text}
        </a>
      </p>
      <FindingList findings={okta.check.findings} fixLink={link} />
    </section>
  );
}

function ChecklistView({ checklist }: { checklist: ReturnType<typeof idpChecklist> }) {
  return (
    <>
      <ul className="checks" aria-label={`${checklist.name} checklist`}>
        {checklist.items.map((item) => (
          <li key={`${item.where}-${item.label}`}>
            <strong>{item.where === 'flex' ? `Flex: ${item.label}` : item.label}</strong>
            {item.value ? (
              <>
                {' '}
                <CopyValue value={item.value} label={item.label} />
              </>
            ) : null}
            <span className="hint"> {item.instruction}</span>
          </li>
        ))}
      </ul>
      {checklist.notes.map((note) => (
        <p key={note} className="muted small">
          {note}
        </p>
      ))}
    </>
  );
}
