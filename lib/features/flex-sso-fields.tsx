import { StewardCard } from '../../components/StewardCard';
import type { Feature } from './feature';
import { headingColumn, mountCard } from './mount-card';

/** The Flex SSO page's field labels, in legacy and enhanced forms, that Flex Steward knows how to check. */
export const SSO_FIELD_LABELS = ['Entity ID', 'ACS URL', 'SSO URL', 'Identity Provider Issuer', 'X.509 Certificate', 'Default Redirect URL', 'Trusted Domains'];

/** The labelled SSO fields present on the page, by their visible label text. */
export function findSsoFields(doc: Document): string[] {
  const found = new Set<string>();
  for (const label of doc.querySelectorAll('label')) {
    const text = label.textContent?.trim() ?? '';
    const known = SSO_FIELD_LABELS.find((name) => text.toLowerCase().startsWith(name.toLowerCase()));
    if (known) found.add(known);
  }
  return [...found];
}

/**
 * On the Flex single-sign-on page, a card naming the fields Flex Steward recognised. Field-by-field
 * validation hints hang off the same detection.
 */
export const flexSsoFields: Feature = {
  id: 'flex-sso-fields',
  pages: ['flex-sso'],
  init({ document, signal }) {
    mountCard(
      document,
      () => headingColumn(document),
      () => {
        const fields = findSsoFields(document);
        return (
          <StewardCard title="Flex Steward · single sign-on">
            <p>{fields.length ? `Recognised ${fields.length} single-sign-on fields: ${fields.join(', ')}.` : 'No single-sign-on fields recognised on this page yet.'}</p>
          </StewardCard>
        );
      },
      signal,
      'flex-sso-fields',
    );
  },
};
