import { pageKind } from '../page-kinds';
import { ssoPageValuesSchema, type SsoPageValues } from './page-values';
import { readFlexSsoPage } from './read-flex-page';

/**
 * The values on the Flex single-sign-on page, when a Console tab shows it, for the side panel's
 * checker. The background runs the same pure reader the content script uses (`readFlexSsoPage`,
 * self-contained for this) in that tab's main frame with `scripting.executeScript`; the answer
 * comes from a page we do not control, so it is validated and only ever compared and shown.
 */

export interface TabInfo {
  id?: number;
  url?: string;
  active?: boolean;
  lastAccessed?: number;
}

export interface FlexPageTabApi {
  /** Console tabs (the host permission lets the background see their URLs). */
  consoleTabs(): Promise<TabInfo[]>;
  /** Runs `func`, with no arguments, in the tab's main frame and returns its result, or undefined. */
  run(tabId: number, func: typeof readFlexSsoPage): Promise<unknown>;
}

/** The tab to read: the active Flex SSO tab, else the one looked at last. */
export function flexSsoTab(tabs: readonly TabInfo[]): TabInfo | undefined {
  return tabs
    .filter((tab) => tab.id !== undefined && tab.url && pageKind(tab.url).kind === 'flex-sso')
    .sort((a, b) => Number(b.active ?? false) - Number(a.active ?? false) || (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0))[0];
}

export async function readOpenFlexSsoPage(api: FlexPageTabApi): Promise<SsoPageValues | null> {
  const tab = flexSsoTab(await api.consoleTabs());
  if (tab?.id === undefined) return null;
  const parsed = ssoPageValuesSchema.safeParse(await api.run(tab.id, readFlexSsoPage));
  return parsed.success ? parsed.data : null;
}
