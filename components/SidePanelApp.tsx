import { useRef } from 'react';
import { AuditPanel } from './audit/AuditPanel';
import { ConnectionSummary } from './ConnectionSummary';
import { RunHistory } from './runs/RunHistory';
import { useHashSection } from './use-hash-section';
import { MigrationChecker } from './sso/MigrationChecker';
import './person.css';

/** The side panel: the SSO migration checker, the licence audit and the run history. */
export function SidePanelApp() {
  const audit = useRef<HTMLElement>(null);
  // `sidepanel.html#audit`: the Console's "Open audit".
  useHashSection(audit, 'audit');
  return (
    <main>
      <h1>Flex Steward</h1>
      <ConnectionSummary />
      <section className="panel" aria-labelledby="sso-heading">
        <h2 id="sso-heading">SSO migration checker</h2>
        <MigrationChecker />
      </section>
      <section className="panel" id="audit" ref={audit} tabIndex={-1} aria-labelledby="audit-heading">
        <h2 id="audit-heading">Licence audit</h2>
        <AuditPanel />
      </section>
      <section className="panel" aria-labelledby="history-heading">
        <h2 id="history-heading">Run history</h2>
        <RunHistory />
      </section>
    </main>
  );
}
