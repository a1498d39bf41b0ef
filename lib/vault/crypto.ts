/**
 * The vault's WebCrypto primitives, small and pure so each can be checked on its own. WebCrypto
 * (`globalThis.crypto.subtle`) exists in Node 20, extension pages and MV3 service workers alike, so
 * the same code runs in unit tests and in the browser.
 */

/** Bytes backed by a plain ArrayBuffer: what WebCrypto accepts as a BufferSource under strict types. */
export type Bytes = Uint8Array<ArrayBuffer>;

/** What every encrypted value is stored as: base64 IV and base64 ciphertext (which ends in the GCM tag). */
export interface EncryptedRecord {
  v: 1;
  iv: string;
  ct: string;
}

export const KEY_BYTES = 32;
export const SALT_BYTES = 16;
/** 96 bits is the IV length GCM is specified for; anything else is hashed into one and weakens it. */
export const IV_BYTES = 12;

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;

export function randomBytes(length: number): Bytes {
  return globalThis.crypto.getRandomValues(new Uint8Array(length));
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Throws on text that is not base64, which callers treat like any other damaged record. */
export function fromBase64(text: string): Bytes {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * PBKDF2-HMAC-SHA-256 to 256 key bits. The passphrase is NFC-normalised first so the same words
 * typed through a different keyboard or OS (composed vs decomposed accents) give the same key.
 */
export async function deriveKeyBytes(passphrase: string, salt: Bytes, iterations: number): Promise<Bytes> {
  const material = await subtle().importKey('raw', new TextEncoder().encode(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveBits']);
  const bits = await subtle().deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material, KEY_BYTES * 8);
  return new Uint8Array(bits);
}

/** Non-extractable: once imported, nothing in this process can read the key back out of the CryptoKey. */
export function importAesKey(raw: Bytes): Promise<CryptoKey> {
  return subtle().importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

/** A fresh random AES-256-GCM key that is non-extractable from birth, so its bytes never exist outside WebCrypto. */
export function generateAesKey(): Promise<CryptoKey> {
  return subtle().generateKey({ name: 'AES-GCM', length: KEY_BYTES * 8 }, false, ['encrypt', 'decrypt']);
}

/**
 * `context` is bound in as GCM additional data, so a ciphertext moved to another slot (the Twilio
 * secret pasted over the Okta token's record) fails authentication instead of decrypting.
 */
export async function encryptText(key: CryptoKey, plaintext: string, context: string): Promise<EncryptedRecord> {
  const iv = randomBytes(IV_BYTES);
  const ct = await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(context) }, key, new TextEncoder().encode(plaintext));
  return { v: 1, iv: toBase64(iv), ct: toBase64(new Uint8Array(ct)) };
}

/** Rejects when the key is wrong or the record was altered: GCM authenticates before it returns anything. */
export async function decryptText(key: CryptoKey, record: EncryptedRecord, context: string): Promise<string> {
  const iv = fromBase64(record.iv);
  if (iv.length !== IV_BYTES) throw new Error(`IV is ${iv.length} bytes, expected ${IV_BYTES}`);
  const plain = await subtle().decrypt({ name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(context) }, key, fromBase64(record.ct));
  return new TextDecoder('utf-8', { fatal: true }).decode(plain);
}
