// @vitest-environment happy-dom
import { useRef } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render, type Rendered } from '../tests/support/render';
import { useHashSection } from './use-hash-section';

function Page() {
  const audit = useRef<HTMLElement>(null);
  useHashSection(audit, 'audit');
  return (
    <main>
      <section id="sso">SSO</section>
      <section id="audit" ref={audit} tabIndex={-1}>
        Licence audit
      </section>
    </main>
  );
}

describe('opening a page at one of its sections', () => {
  let page: Rendered | undefined;
  const scrolled = vi.fn();
  beforeEach(() => {
    scrolled.mockReset();
    HTMLElement.prototype.scrollIntoView = function (this: HTMLElement) {
      scrolled(this.id);
    };
  });
  afterEach(async () => {
    await page?.unmount();
    delete (HTMLElement.prototype as Partial<HTMLElement>).scrollIntoView;
    history.replaceState(null, '', '#');
  });

  it('brings the section named by the address to the top and focuses it', async () => {
    history.replaceState(null, '', '#audit');
    page = await render(<Page />);
    expect(scrolled.mock.calls).toEqual([['audit']]);
    expect(document.activeElement?.id).toBe('audit');
  });

  it('leaves the page alone without the hash, and goes there when the hash changes to it', async () => {
    page = await render(<Page />);
    expect(scrolled).not.toHaveBeenCalled();
    expect(document.activeElement?.id).not.toBe('audit');
    history.replaceState(null, '', '#audit');
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    expect(scrolled.mock.calls).toEqual([['audit']]);
    expect(document.activeElement?.id).toBe('audit');
  });
});
