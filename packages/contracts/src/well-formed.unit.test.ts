import { describe, expect, it } from 'vitest';
import { clipText, hasLoneSurrogate, loneSurrogatePath } from './well-formed.ts';

describe('loneSurrogatePath', () => {
  it('passes well-formed text, astral characters (surrogate pairs) included', () => {
    expect(hasLoneSurrogate('耕地 🌾 ok')).toBe(false);
    expect(loneSurrogatePath({ a: ['耕地', { b: '🌾' }], n: 1, t: true, z: null })).toBeUndefined();
  });

  it('names the first string or member name that holds half a pair', () => {
    expect(hasLoneSurrogate('\ud800')).toBe(true);
    expect(hasLoneSurrogate('x\udc00y')).toBe(true);
    expect(hasLoneSurrogate('🌾'.slice(0, 1))).toBe(true);
    expect(loneSurrogatePath({ party: { name: 'ok' }, items: ['ok', 'bad \ud83c'] })).toBe('/items/1');
    expect(loneSurrogatePath({ 'a/b': { 'k\udfff': 1 } })).toBe('/a~1b/k\udfff');
    expect(loneSurrogatePath('\ud800')).toBe('');
  });
});

describe('clipText', () => {
  it('cuts to the limit in code units with an ellipsis, never inside a surrogate pair', () => {
    expect(clipText('short', 10)).toBe('short');
    expect(clipText('abcdefghij', 5)).toBe('abcd…');
    const cut = clipText('a🌾🌾🌾', 3);
    expect(cut).toBe('a…');
    expect(hasLoneSurrogate(cut)).toBe(false);
    expect(clipText('🌾🌾🌾', 4, '')).toBe('🌾🌾');
    for (let max = 1; max < 12; max++) {
      const clipped = clipText('x🌾y🌾🌾z🌾', max);
      expect(clipped.length).toBeLessThanOrEqual(max);
      expect(hasLoneSurrogate(clipped)).toBe(false);
    }
  });
});
