import { ProblemNotice } from './ProblemNotice';
import { BackupSection } from './settings/BackupSection';
import { OktaSection } from './settings/OktaSection';
import { TwilioSection } from './settings/TwilioSection';
import { useSettings } from './settings/use-settings';
import { VaultSection } from './settings/VaultSection';

/** Settings: the vault, then the Okta and Twilio connections, then export and import. */
export function OptionsApp() {
  const { view, setView, loadProblem } = useSettings();
  return (
    <main style={{ maxWidth: 760 }}>
      <h1>Flex Steward · Settings</h1>
      {loadProblem ? <ProblemNotice problem={loadProblem} /> : null}
      {view ? (
        <>
          <VaultSection view={view} onChange={(vault) => setView({ ...view, vault })} />
          <OktaSection view={view} onSaved={setView} />
          <TwilioSection view={view} onSaved={setView} />
          <BackupSection onImported={setView} />
        </>
      ) : (
        <p className="muted">Loading…</p>
      )}
    </main>
  );
}
