// src/rates/fields.ts: a kernel applied field by field.
import { ratesOf, shareOf } from '../../src/rates/fields';

describe('shareOf / ratesOf', () => {
  test('shareOf divides each state by the total and keeps the keys; unknown is null', () => {
    expect(shareOf({ a: 25, b: null, c: 150 }, 100)).toEqual({ a: 0.25, b: null, c: 1 });
    expect(shareOf({ a: 25 }, NaN)).toEqual({ a: null });
  });
  test('ratesOf names each output after the counter it is the rate of', () => {
    const r = ratesOf({ xPerS: 'x', yPerS: 'y', zPerS: 'z' }, { x: 0, y: 10, z: 1 }, { x: 4, y: 5 }, 2, 0.02);
    expect(r).toEqual({ xPerS: 2, yPerS: null, zPerS: null });
    expect(ratesOf({ xPerS: 'x' }, { x: 0 }, { x: 4 }, 0.01, 0.02)).toEqual({ xPerS: null });
  });
});
