import type { ReactNode } from 'react';

/** The frame every Flex Steward card on a host page shares, so admins recognise ours at a glance. */
export function StewardCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="card" aria-label={title}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}
