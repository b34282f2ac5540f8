// Strict hex codec. Buffer.from(s, 'hex') silently stops at the first bad character, which would let a
// malformed hash decode to a shorter, different value; these functions reject instead.

const HEX = /^(?:[0-9a-fA-F]{2})*$/;

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Decodes an even-length hex string; throws a TypeError on anything else. */
export function fromHex(hex: string): Uint8Array {
  if (typeof hex !== 'string' || !HEX.test(hex)) throw new TypeError('not an even-length hex string');
  return new Uint8Array(Buffer.from(hex, 'hex'));
}
