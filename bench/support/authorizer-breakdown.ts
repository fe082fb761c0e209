/**
 * `npm run bench:authorizer -- --breakdown`: where the authorizer's time goes, to explain the
 * three figures. Throughput of the pieces against raw `crypto.verify` (CPU seconds, interleaved),
 * and a cold start's CPU time split into Node's boot, the built-in imports, the bundle (with the
 * JWKS fetch) and the first event.
 */
import { createPublicKey, createVerify, verify } from 'node:crypto';
import { verifyJwtSync } from 'aws-jwt-verify/jwt-verifier';
import type { Jwk } from 'aws-jwt-verify/jwk';
import { createJwksFetcher } from '../../lambdas/authorizer/jwks-fetcher';
import { loadAuthorizerConfig } from '../../lambdas/authorizer/config';
import { SigningKeys } from '../../lambdas/authorizer/signing-keys';
import { createTokenVerifier } from '../../lambdas/authorizer/verify-token';
import type { JwksServer, TestSigningKey } from '../../test/support/jwt';
import { timeNodeProcess } from './process-timing';
import { interleavedRates, median } from './stats';

const MS = 2500;

/**
 * Prints the breakdown lines.
 *
 * @example
 * await printAuthorizerBreakdown({ server, key, token, bundlePath, childEnv });
 */
export async function printAuthorizerBreakdown(setup: { server: JwksServer; key: TestSigningKey; token: string; bundlePath: string; childEnv: Record<string, string> }): Promise<void> {
  const { server, key, token, bundlePath, childEnv } = setup;
  const [headerB64, payloadB64, signatureB64] = token.split('.') as [string, string, string];
  const signingInput = `${headerB64}.${payloadB64}`;
  const inputBytes = Buffer.from(signingInput);
  const signature = Buffer.from(signatureB64, 'base64url');
  const raw = (): boolean => verify('sha256', inputBytes, { key: key.publicKey, dsaEncoding: 'ieee-p1363' }, signature);
  // What aws-jwt-verify runs for an ES256 signature.
  const libraryPath = (): boolean =>
    createVerify('RSA-SHA256').update(signingInput).verify({ key: key.publicKey, dsaEncoding: 'ieee-p1363' }, signatureB64, 'base64');
  const config = loadAuthorizerConfig(server.env());
  const keys = new SigningKeys({ jwksUrl: config.jwksUrl, fetcher: createJwksFetcher() });
  await keys.refresh();
  const verifyToken = createTokenVerifier({ config, keys });
  const authorization = `Bearer ${token}`;
  const keyObject = createPublicKey({ key: key.publicJwk, format: 'jwk' });
  const options = { issuer: config.issuer, audience: config.audience, graceSeconds: config.clockSkewSeconds };
  const library = (): unknown => verifyJwtSync(token, key.publicJwk as Jwk, options, () => keyObject);
  console.log('\nbreakdown: CPU µs per operation, interleaved with raw crypto.verify');
  for (const [name, op] of [
    ["aws-jwt-verify's signature call alone", libraryPath],
    ['verifyJwtSync (its decode, checks, signature)', library],
    ['verifyToken (our rules inside verifyJwt)', () => verifyToken(authorization)],
  ] as const) {
    const { cpu } = await interleavedRates(op, raw, { durationMs: MS });
    console.log(`  ${name.padEnd(46)} ${(1e6 / cpu[0]).toFixed(1)} µs vs raw ${(1e6 / cpu[1]).toFixed(1)} µs: ratio ${(cpu[0] / cpu[1]).toFixed(2)}`);
  }
  const parts: Record<string, number[]> = {};
  for (let run = 0; run < 11; run += 1) {
    const { stderr } = await timeNodeProcess(['bench/support/cold-start-parts.mjs', bundlePath], childEnv);
    for (const [part, ms] of Object.entries(JSON.parse(/parts=(\{.*\})/.exec(stderr)![1]!) as Record<string, number>)) (parts[part] ??= []).push(ms);
  }
  console.log('breakdown: cold start CPU ms (median of 11)');
  for (const [part, values] of Object.entries(parts)) console.log(`  ${part.padEnd(10)} ${median(values).toFixed(1)}`);
}
