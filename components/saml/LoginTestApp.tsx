import { LoginTest } from './LoginTest';
import '../sso.css';
import '../sso/sso.css';

/** The window the Flex SSO page's "Test a login" opens: the same login test as the side panel's step 4. */
export function LoginTestApp() {
  return (
    <main>
      <h1>Flex Steward · SAML login test</h1>
      <LoginTest />
    </main>
  );
}
