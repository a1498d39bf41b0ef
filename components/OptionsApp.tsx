import { ConnectionSummary } from './ConnectionSummary';

/** Settings: the Okta and Twilio connections. */
export function OptionsApp() {
  return (
    <main style={{ maxWidth: 720 }}>
      <h1>Flex Steward · Settings</h1>
      <ConnectionSummary />
      <section className="panel" id="okta" aria-labelledby="okta-heading">
        <h2 id="okta-heading">Okta</h2>
      </section>
      <section className="panel" id="twilio" aria-labelledby="twilio-heading">
        <h2 id="twilio-heading">Twilio</h2>
      </section>
    </main>
  );
}
