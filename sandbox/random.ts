/** A small seeded PRNG (mulberry32) so that generated data and injected faults replay exactly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `prefix` followed by 32 lowercase hex digits drawn from `random`: the shape of every Twilio SID. */
export function twilioSid(prefix: string, random: () => number): string {
  let hex = '';
  for (let i = 0; i < 32; i++) hex += Math.floor(random() * 16).toString(16);
  return prefix + hex;
}

/** Okta ids are 20 characters of base62 after a two-or-three letter type prefix (`00u`, `0oa`). */
export function oktaId(prefix: string, random: () => number): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let id = prefix;
  while (id.length < 20) id += alphabet[Math.floor(random() * alphabet.length)];
  return id;
}
