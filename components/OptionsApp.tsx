import { useState } from 'react';
import { ProblemNotice } from './ProblemNotice';
import { AuditSection } from './settings/AuditSection';
import { BackupSection } from './settings/BackupSection';
import { OktaSection } from './settings/OktaSection';
import { RunsSection } from './settings/RunsSection';
import { SsoReminderSection } from './settings/SsoReminderSection';
import { TeamSection } from './settings/TeamSection';
import { TwilioSection } from './settings/TwilioSection';
import { useSettings } from './settings/use-settings';
import { VaultSection } from './settings/VaultSection';

/** Settings: the vault, the Okta and Twilio connections, deprovisioning, team mode, the licence audit, the SSO reminder, then export and import. */
export function OptionsApp() {
  const { view, setView, loadProblem } = useSettings();
  // The Okta and Twilio forms keep drafts of what they were opened with; an import replaces them.
  const [imports, setImports] = useState(0);
  return (
    <main style={{ maxWidth: 760 }}>
      <h1>Flex Steward · Settings</h1>
      {loadProblem ? <ProblemNotice problem={loadProblem} /> : null}
      {view ? (
        <>
          <VaultSection view={view} onChange={(vault) => setView({ ...view, vault })} />
          <OktaSection key={`okta-${imports}`} view={view} onSaved={setView} />
          <TwilioSection key={`twilio-${imports}`} view={view} onSaved={setView} />
          <RunsSection key={`runs-${imports}`} view={view} onSaved={setView} />
          <TeamSection key={`team-${imports}`} view={view} onSaved={setView} />
          <AuditSection key={`audit-${imports}`} view={view} onSaved={setView} />
          <SsoReminderSection view={view} onSaved={setView} />
          <BackupSection
            onImported={(next) => {
              setView(next);
              setImports((n) => n + 1);
            }}
          />
        </>
      ) : (
        <p className="muted">Loading…</p>
      )}
    </main>
  );
}
