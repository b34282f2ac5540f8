import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Timestamp } from './fields.ts';
import { isTimestamp } from './timestamp.ts';

describe('isTimestamp', () => {
  it('takes RFC 3339 date-times with an offset', () => {
    for (const ok of [
      '2026-03-02T09:00:00+08:00',
      '2026-03-02T01:00:00Z',
      '2026-03-02t01:00:00z',
      '2026-03-02T01:00:00.123456789Z',
      '2024-02-29T23:59:59-12:00',
      '0001-01-01T00:00:00Z',
      '9999-12-31T23:59:59+14:00',
    ]) {
      expect(isTimestamp(ok), ok).toBe(true);
    }
  });

  it('refuses what a Date cannot hold or RFC 3339 does not say: leap seconds, short offsets, a space, no offset', () => {
    for (const bad of [
      '2026-12-31T23:59:60Z',
      '2026-06-30T23:59:60Z',
      '2026-03-02T09:00:00+08',
      '2026-03-02T09:00:00+0800',
      '2026-03-02 09:00:00Z',
      '2026-03-02T09:00:00',
      '2026-02-29T09:00:00Z',
      '2026-04-31T09:00:00Z',
      '2026-13-01T09:00:00Z',
      '2026-03-02T24:00:00Z',
      '2026-03-02T09:00:00+24:00',
      '2026-03-02T09:00:00.Z',
    ]) {
      expect(isTimestamp(bad), bad).toBe(false);
    }
  });

  it('is what the catalogue checks (registered on import): every timestamp it takes parses to a Date', () => {
    expect(Value.Check(Type.Object({ at: Timestamp }), { at: '2026-12-31T23:59:60Z' })).toBe(false);
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789-:.+TZtz '), maxLength: 30 }), (s) => {
        if (isTimestamp(s)) expect(Number.isNaN(Date.parse(s))).toBe(false);
      }),
    );
    fc.assert(
      fc.property(
        fc.date({ noInvalidDate: true, min: new Date('0001-01-01'), max: new Date('9999-12-31') }),
        (d) => {
          expect(Value.Check(Timestamp, d.toISOString())).toBe(true);
        },
      ),
    );
  });
});
