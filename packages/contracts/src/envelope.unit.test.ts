import { describe, expect, it } from 'vitest';
import { NO_DIVISION, parseSequence, SEQUENCE_WIDTH, SYSTEM_ACTOR, sequenceOf } from './envelope.ts';

describe('the sequence extension', () => {
  it('is the store position zero-padded to a fixed width', () => {
    expect(sequenceOf(42)).toBe('00000000000000000042');
    expect(sequenceOf(0)).toHaveLength(SEQUENCE_WIDTH);
    expect(sequenceOf(18446744073709551615n)).toBe('18446744073709551615');
  });

  it('sorts as text in the order of the positions', () => {
    const positions = [1, 2, 9, 10, 11, 99, 100, 1000, 123456789, Number.MAX_SAFE_INTEGER];
    const shuffled = [...positions].reverse().map(sequenceOf);
    expect(shuffled.sort()).toEqual(positions.map(sequenceOf));
  });

  it('refuses what is no store position', () => {
    expect(() => sequenceOf(-1)).toThrow(RangeError);
    expect(() => sequenceOf(1.5)).toThrow(RangeError);
    expect(() => sequenceOf(Number.NaN)).toThrow(RangeError);
  });

  it('reads back padded values and the unpadded ones already stored, and nothing else', () => {
    expect(parseSequence(sequenceOf(42))).toBe(42);
    expect(parseSequence('42')).toBe(42);
    expect(parseSequence('0')).toBe(0);
    expect(parseSequence(undefined)).toBeNull();
    expect(parseSequence('')).toBeNull();
    expect(parseSequence('4 2')).toBeNull();
    expect(parseSequence('-1')).toBeNull();
    expect(parseSequence('1e3')).toBeNull();
    expect(parseSequence(42)).toBeNull();
    expect(parseSequence('99999999999999999999')).toBeNull();
  });
});

describe('the system actor', () => {
  it('acts in the division of no division', () => {
    expect(SYSTEM_ACTOR('detection').division).toBe(NO_DIVISION);
    expect(NO_DIVISION).toBe('000000');
  });
});
