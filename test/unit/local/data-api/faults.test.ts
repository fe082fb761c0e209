import { DataApiError } from '../../../../local/data-api/errors';
import { checkSpec, createFaultInjector } from '../../../../local/data-api/faults';

describe('the fault injector', () => {
  let now = 0;
  const faults = createFaultInjector(() => now);
  beforeEach(() => {
    now = 0;
    faults.clear();
  });

  it('injects nothing until asked', () => {
    expect(faults.next()).toBeUndefined();
  });

  it('fails exactly count calls, once by default', () => {
    faults.inject({ error: 'ThrottlingException', count: 2 });
    faults.inject({ error: 'InternalServerErrorException' });
    expect(faults.next()).toMatchObject({ errorName: 'ThrottlingException', status: 400 });
    expect(faults.next()).toMatchObject({ errorName: 'ThrottlingException' });
    expect(faults.next()).toMatchObject({ errorName: 'InternalServerErrorException', status: 500 });
    expect(faults.next()).toBeUndefined();
  });

  it('fails every call for forMs, then stops', () => {
    faults.inject({ error: 'DatabaseResumingException', forMs: 1000 });
    now = 999;
    expect(faults.next()).toBeInstanceOf(DataApiError);
    expect(faults.next()?.message).toContain('resuming after being auto-paused');
    now = 1000;
    expect(faults.next()).toBeUndefined();
  });

  it('stops at whichever of count and forMs ends first', () => {
    faults.inject({ error: 'ServiceUnavailableError', count: 1, forMs: 1000 });
    expect(faults.next()?.status).toBe(503);
    expect(faults.next()).toBeUndefined();
  });
});

describe('checkSpec', () => {
  it.each([
    [null, 'A fault must be an object'],
    [{ error: 'Nope' }, 'error must be one of DatabaseResumingException, ThrottlingException'],
    [{ error: 'ThrottlingException', count: 0 }, 'count must be a positive integer'],
    [{ error: 'ThrottlingException', count: 1.5 }, 'count must be a positive integer'],
    [{ error: 'ThrottlingException', forMs: -1 }, 'forMs must be a positive number of milliseconds'],
  ])('refuses %j', (spec, message) => {
    expect(() => checkSpec(spec)).toThrow(TypeError);
    expect(() => checkSpec(spec)).toThrow(message);
  });
});
