import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.ts';
import { type ChainedEvent, hashedDocument, hashedJson } from './chain.ts';

describe('canonicalJson', () => {
  it('sorts keys recursively and drops whitespace', () => {
    const value = { b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } };
    expect(canonicalJson(value)).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  it('orders keys by UTF-16 code units, not by locale', () => {
    expect(canonicalJson({ b: 0, B: 0, a: 0, 亩: 0, é: 0, '10': 0, '9': 0 })).toBe(
      '{"10":0,"9":0,"B":0,"a":0,"b":0,"é":0,"亩":0}',
    );
  });

  it('writes numbers and strings as JSON.stringify does', () => {
    expect(canonicalJson([6.2, 1e21, 0.000001, -0, 'a"\n\u2028'])).toBe(
      '[6.2,1e+21,0.000001,0,"a\\"\\n\u2028"]',
    );
  });

  it('omits undefined members as JSON does, and nulls them in arrays', () => {
    expect(canonicalJson({ a: undefined, b: [undefined] })).toBe('{"b":[null]}');
  });

  it('refuses values JSON cannot carry faithfully', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson(10n)).toThrow(TypeError);
  });

  it('refuses a lone surrogate (not I-JSON) in a string or a member name, naming where it is', () => {
    expect(() => canonicalJson({ data: { note: 'ok', reason: 'x\ud800' } })).toThrow(
      'canonicalJson: a lone surrogate at /data/reason is not I-JSON (RFC 8785 §3.2.2.2)',
    );
    expect(() => canonicalJson(['ok', ['\udfff']])).toThrow(/at \/1\/0 /);
    expect(() => canonicalJson({ 'a/b\ud83c': 1 })).toThrow(/at \/a~1b/);
    expect(() => canonicalJson('\ud800')).toThrow(/at \/ /);
    // A pair is one character, written as itself.
    expect(canonicalJson({ 稻: '🌾' })).toBe('{"稻":"🌾"}');
  });

  it('is the same for any key order and parses back to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const shuffled = JSON.parse(JSON.stringify(value, (_k, v) => reverseKeys(v)));
        const canonical = canonicalJson(value);
        expect(canonicalJson(shuffled)).toBe(canonical);
        expect(JSON.parse(canonical)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});

function reverseKeys(v: unknown): unknown {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
  return Object.fromEntries(Object.entries(v).reverse());
}

describe('a chained event written without building its hashed document', () => {
  it('is the canonical JSON of that document, for any attribute values and data', () => {
    const text = fc.oneof(
      fc.string(),
      fc.string({ unit: 'grapheme' }),
      fc.constantFrom('a"b', 'x\\y', '\n\u2028'),
    );
    fc.assert(
      fc.property(
        fc.record(
          {
            id: text,
            caseId: text,
            source: text,
            type: text,
            time: text,
            actor: text,
            division: text,
            correlationId: text,
            causationId: text,
            ruleSetVersion: fc.oneof(text, fc.constant(null)),
            data: fc.jsonValue(),
          },
          {
            requiredKeys: [
              'id',
              'caseId',
              'source',
              'type',
              'time',
              'actor',
              'division',
              'correlationId',
              'causationId',
              'data',
            ],
          },
        ),
        (event) => {
          const e = event as unknown as ChainedEvent;
          expect(hashedJson(e)).toBe(canonicalJson(hashedDocument(e)));
        },
      ),
    );
  });
});
