/**
 * Deterministic stand-ins for the physical ids CloudFormation would assign. They only need to be
 * stable across runs (a method ARN or a function name seen in a log stays the same after a
 * restart) and shaped like the real ones, so code that parses them keeps working.
 */
import { createHash } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A lowercase alphanumeric id of `length` characters derived from `seed`.
 *
 * @example
 * shortId('Api/PublicApi', 10); // 'k3v9x0q2ab', as a RestApi id looks
 */
export function shortId(seed: string, length: number): string {
  const digest = createHash('sha256').update(seed).digest();
  let id = '';
  for (let i = 0; i < length; i += 1) id += ALPHABET[digest[i % digest.length]! % ALPHABET.length];
  return id;
}

/** The service part of an ARN for a resource type (`AWS::RDS::DBCluster` → `rds`). */
export function serviceOf(resourceType: string): string {
  const service = resourceType.split('::')[1] ?? 'local';
  return service.toLowerCase();
}
