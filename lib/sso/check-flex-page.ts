import type { SsoContext } from './context';
import type { SsoFinding } from './finding';
import type { SsoPageValues } from './page-values';

/** Every rule that applies to the values on the Flex single-sign-on page. (Rules land in the SSO rules change.) */
export function checkFlexPage(page: SsoPageValues, context: SsoContext): SsoFinding[] {
  void page;
  void context;
  return [];
}
