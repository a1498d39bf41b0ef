import { ConnectionSummary } from './ConnectionSummary';
import { RunHistory } from './runs/RunHistory';
import { MigrationChecker } from './sso/MigrationChecker';
import './person.css';

/** The side panel: the SSO migration checker, the licence audit and the run history. */
export function SidePanelApp() {
  return (
    <main>
      <h1>Flex Steward</h1>
      <ConnectionSummary />
      <section className="panel" aria-labelledby="sso-heading">
        <h2 id="sso-heading">SSO migration checker</h2>
        <MigrationChecker />
      </section>
      <section className="panel" aria-labelledby="audit-heading">
        <h2 id="audit-heading">Licence audit</h2>
        <p className="muted">Lists Flex seats held by people Okta no longer lets in.</p>
      </section>
      <section className="panel" aria-labelledby="history-heading">
        <h2 id="history-heading">Run history</h2>
        <RunHistory />
      </section>
    </main>
  );
}
