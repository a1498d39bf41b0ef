import type { PageKind } from '../page-kinds';

/**
 * One thing Flex Steward adds to someone else's page. Each lives in its own file, names the page
 * kinds it runs on, and cleans up through `signal` when the page navigates away in-page.
 */
export interface Feature {
  id: string;
  pages: PageKind['kind'][];
  init(context: FeatureContext): void | Promise<void>;
}

export interface FeatureContext {
  page: PageKind;
  document: Document;
  signal: AbortSignal;
}
