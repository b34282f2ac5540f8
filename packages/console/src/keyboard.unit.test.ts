import { describe, expect, it } from 'vitest';
import { tabMove } from './keyboard.ts';

describe('tabMove', () => {
  it('moves with the arrows, wrapping at either end, and jumps with Home and End', () => {
    expect(tabMove('ArrowRight', 0, 4)).toBe(1);
    expect(tabMove('ArrowRight', 3, 4)).toBe(0);
    expect(tabMove('ArrowLeft', 0, 4)).toBe(3);
    expect(tabMove('Home', 2, 4)).toBe(0);
    expect(tabMove('End', 0, 4)).toBe(3);
    expect(tabMove('Enter', 1, 4)).toBeNull();
  });
});
