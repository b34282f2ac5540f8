import { createHash } from 'node:crypto';

// The document store: the bytes of the documents the events name (a referral's letter, report,
// evidence list), kept by their SHA-256. The events carry the hash, never the bytes, so the audit
// ledger stays small and a court can check a file it was given against the hash the ledger holds.
// Content-addressed: the same bytes are stored once, a put of bytes already there changes nothing,
// and what `get` answers is exactly what was put (the hash says so).

/** A lower-case hex SHA-256. */
export type Sha256 = string;

export const SHA256_PATTERN = /^[0-9a-f]{64}$/;

export interface StoredDocument {
  bytes: Buffer;
  mediaType: string;
  sha256: Sha256;
  size: number;
}

export interface DocumentStore {
  /** Stores the bytes (once per content) and answers their SHA-256. */
  put(bytes: Uint8Array, mediaType: string): Promise<Sha256>;
  /** The document with this hash, or null when there is none (or the hash is malformed). */
  get(sha256: Sha256): Promise<StoredDocument | null>;
  has(sha256: Sha256): Promise<boolean>;
  close(): Promise<void>;
}

export const sha256Of = (bytes: Uint8Array): Sha256 => createHash('sha256').update(bytes).digest('hex');

/** Whether `sha256` is a well-formed hash: adapters answer "none" for anything else, never a path. */
export const isSha256 = (sha256: string): boolean => SHA256_PATTERN.test(sha256);

/**
 * The media type as stored: lower-cased, parameters kept (`text/plain; charset=utf-8`). The first
 * put of some bytes decides it; the same bytes put again under another type keep the first.
 */
export const normalMediaType = (mediaType: string): string => mediaType.trim().toLowerCase();
