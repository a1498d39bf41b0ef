import type { SsoCheckerView } from '../../lib/messages/commands';
import type { SsoPageField } from '../../lib/sso/finding';
import { FLEX_FIELD_LABELS } from '../../lib/sso/labels';
import { FindingList } from './FindingList';

const FORM_NAMES = { legacy: 'the legacy SAML form', wizard: 'the enhanced set-up workflow', migrated: 'the page after migration', unknown: 'a form Flex Steward does not recognise' } as const;

/** The values on the Flex single-sign-on page open in a Console tab, as read (never changed), with their findings. */
export function PageValues({ page }: { page: NonNullable<SsoCheckerView['page']> }) {
  const entries = Object.entries(page.values.values) as [SsoPageField, string][];
  return (
    <section aria-label="Flex single-sign-on page">
      <h3>On the Flex single-sign-on page</h3>
      <p className="muted small">
        Read from {FORM_NAMES[page.values.form]}
        {page.values.step ? `, step ${page.values.step}` : ''}
        {page.values.setupType ? ` (${page.values.setupType === 'modify' ? 'modify existing' : 'create new'})` : ''}. {page.check.summary.text}
      </p>
      <table className="sso-values">
        <tbody>
          {entries.map(([field, value]) => (
            <tr key={field}>
              <th scope="row">{FLEX_FIELD_LABELS[field]}</th>
              <td>
                <code>{field === 'certificate' ? `${value.trim().slice(0, 40)}…` : value}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <FindingList findings={page.check.findings.filter((f) => f.severity !== 'ok')} />
    </section>
  );
}
