/**
 * Warms a function's execution environments before a test fires a burst at it. On a loaded
 * 2-core machine, several cold starts at once can exceed Lambda's 10 s init limit (a 502 from
 * the emulator, as from AWS); a race test must measure the race, not the cold starts.
 */
import type { HttpAnswer } from './http-client';

/**
 * Sends `parallel` requests at once, round after round, until a whole round succeeds (at most
 * `rounds` rounds). Returns the number of rounds it took, or throws with the last answers.
 *
 * @example
 * await warmUp(() => client.send({ method: 'GET', url: `${api}/api/me`, headers }), { accept: (a) => a.status === 200 });
 */
export async function warmUp(
  send: (index: number) => Promise<HttpAnswer>,
  { parallel = 4, rounds = 8, accept }: { parallel?: number; rounds?: number; accept: (answer: HttpAnswer) => boolean },
): Promise<number> {
  let last: HttpAnswer[] = [];
  for (let round = 1; round <= rounds; round++) {
    last = await Promise.all(Array.from({ length: parallel }, (_, i) => send(round * parallel + i)));
    if (last.every(accept)) return round;
  }
  throw new Error(
    `warm-up did not succeed in ${rounds} rounds; last answers: ${last.map((a) => `${a.status} ${a.body.slice(0, 120)}`).join(' | ')}`,
  );
}
