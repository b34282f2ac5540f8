import { describe, expect, it } from 'vitest';
import { hasLoneSurrogate, loneSurrogatePath } from './well-formed.ts';

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
