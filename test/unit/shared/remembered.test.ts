import { remembered } from '../../../lambdas/shared/remembered';

describe('remembered', () => {
  it('computes each key once while it is kept, and again after the memory filled and was dropped', () => {
    const computed: string[] = [];
    const upper = remembered((key) => {
      computed.push(key);
      return key.toUpperCase();
    }, 2);
    expect([upper('a'), upper('a'), upper('b'), upper('a')]).toEqual(['A', 'A', 'B', 'A']);
    expect(computed).toEqual(['a', 'b']);
    expect(upper('c')).toBe('C');
    expect(upper('a')).toBe('A');
    expect(computed).toEqual(['a', 'b', 'c', 'a']);
  });
});
