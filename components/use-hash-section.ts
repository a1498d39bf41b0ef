import { useEffect, type RefObject } from 'react';

const USER_SCROLLS = ['wheel', 'keydown', 'pointerdown', 'touchstart'] as const;

/**
 * Opened as `page.html#<hash>`, brings `section` to the top and focuses it. The browser's own jump
 * to the anchor happens before React draws anything, and the sections above keep growing as their
 * answers arrive, so it follows the section while the page grows, until the person scrolls, types
 * or clicks themselves. A later change to `#<hash>` brings it back.
 */
export function useHashSection(section: RefObject<HTMLElement | null>, hash: string): void {
  useEffect(() => {
    const element = section.current;
    if (!element) return;
    const bring = () => element.scrollIntoView({ block: 'start' });
    let following = false;
    const stopFollowing = () => {
      following = false;
    };
    const grown = new ResizeObserver(() => {
      if (following) bring();
    });
    const go = () => {
      if (location.hash !== `#${hash}`) return;
      following = true;
      bring();
      element.focus({ preventScroll: true });
    };
    grown.observe(document.body);
    for (const type of USER_SCROLLS) window.addEventListener(type, stopFollowing, { passive: true });
    window.addEventListener('hashchange', go);
    go();
    return () => {
      grown.disconnect();
      for (const type of USER_SCROLLS) window.removeEventListener(type, stopFollowing);
      window.removeEventListener('hashchange', go);
    };
  }, [section, hash]);
}
