import { describe, expect, it } from 'vitest';
import { IV_BYTES, decryptText, deriveKeyBytes, encryptText, fromBase64, generateAesKey, importAesKey, randomBytes, toBase64 } from './crypto';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const ascii = (text: string) => new Uint8Array(new TextEncoder().encode(text));

describe('deriveKeyBytes', () => {
  // Published PBKDF2-HMAC-SHA-256 test vectors (P="password", S="salt", dkLen=32).
  it('matches the PBKDF2-HMAC-SHA-256 test vectors', async () => {
    expect(hex(await deriveKeyBytes('password', ascii('salt'), 1))).toBe('120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b');
    expect(hex(await deriveKeyBytes('password', ascii('salt'), 4096))).toBe('c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a');
  });

  it('derives the same key from composed and decomposed spellings of a passphrase', async () => {
    const salt = randomBytes(16);
    const composed = await deriveKeyBytes('caf\u00e9 cr\u00e8me', salt, 10);
    const decomposed = await deriveKeyBytes('cafe\u0301 cre\u0300me', salt, 10);
    expect(hex(decomposed)).toBe(hex(composed));
  });
});

describe('base64', () => {
  it('round-trips every byte value and agrees with Node', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    expect([...fromBase64(toBase64(bytes))]).toEqual([...bytes]);
  });

  it('rejects text that is not base64', () => {
    expect(() => fromBase64('not base64!')).toThrow();
  });
});

describe('encryptText / decryptText', () => {
  it('round-trips text under a fresh 12-byte IV each time', async () => {
    const key = await importAesKey(randomBytes(32));
    const secret = 'tök€n 🔑';
    const first = await encryptText(key, secret, 'slot');
    const second = await encryptText(key, secret, 'slot');
    expect(fromBase64(first.iv)).toHaveLength(IV_BYTES);
    expect(first.iv).not.toBe(second.iv);
    expect(first.ct).not.toBe(second.ct);
    expect(await decryptText(key, first, 'slot')).toBe(secret);
  });

  it('refuses a record bound to another slot, under another key, or altered', async () => {
    const key = await importAesKey(randomBytes(32));
    const record = await encryptText(key, 'secret', 'slot-a');
    await expect(decryptText(key, record, 'slot-b')).rejects.toThrow();
    await expect(decryptText(await importAesKey(randomBytes(32)), record, 'slot-a')).rejects.toThrow();
    const ct = fromBase64(record.ct);
    ct[0] = (ct[0] ?? 0) ^ 1;
    await expect(decryptText(key, { ...record, ct: toBase64(ct) }, 'slot-a')).rejects.toThrow();
  });

  it('imports keys that cannot be exported again', async () => {
    const key = await importAesKey(randomBytes(32));
    expect(key.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
  });

  it('generates AES-256-GCM keys that were never extractable and encrypt like imported ones', async () => {
    const key = await generateAesKey();
    expect(key.extractable).toBe(false);
    expect(key.algorithm).toEqual({ name: 'AES-GCM', length: 256 });
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
    expect(await decryptText(key, await encryptText(key, 'hello', 'slot'), 'slot')).toBe('hello');
  });
});
