/**
 * `npm run bench:authorizer -- --breakdown`: where the authorizer's time goes, to explain the
 * three figures. Throughput of the pieces against raw `crypto.verify` (CPU seconds, interleaved),
 * and a cold start's CPU time split into Node's boot, the built-in imports, the bundle (with the
 * JWKS fetch) and the first event.
 */
import { createPublicKey, verify } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { decomposeUnverifiedJwt as originalDecompose } from 'aws-jwt-verify/jwt';
import type { JwkWithKid } from 'aws-jwt-verify/jwk';
import type { JwksServer, TestSigningKey } from '../../test/support/jwt';
import { buildLambdaBundle } from './bundle';
import { timeNodeProcess } from './process-timing';
import { interleavedRates, median } from './stats';

const MS = 2500;

type Parts = typeof import('./authorizer-parts');

/**
 * Prints the breakdown lines.
 *
 * @example
 * await printAuthorizerBreakdown({ server, key, token, bundlePath, childEnv });
 */
export async function printAuthorizerBreakdown(setup: {
  server: JwksServer;
  key: TestSigningKey;
  token: string;
  bundlePath: string;
  childEnv: Record<string, string>;
}): Promise<void> {
  const { server, key, token, bundlePath, childEnv } = setup;
  const [headerB64, payloadB64, signatureB64] = token.split('.') as [string, string, string];
  const inputBytes = Buffer.from(`${headerB64}.${payloadB64}`);
  const signature = Buffer.from(signatureB64, 'base64url');
  const raw = (): boolean => verify('sha256', inputBytes, { key: key.publicKey, dsaEncoding: 'ieee-p1363' }, signature);
  const parts = (await import(
    pathToFileURL((await buildLambdaBundle('authorizer-parts', 'bench/support/authorizer-parts.ts')).path).href
  )) as Parts;
  const config = parts.loadAuthorizerConfig(server.env());
  const keys = new parts.SigningKeys({ jwksUrl: config.jwksUrl, fetcher: parts.createJwksFetcher() });
  await keys.refresh();
  const verifyToken = parts.createTokenVerifier({ config, keys });
  const keyObject = createPublicKey({ key: key.publicJwk, format: 'jwk' });
  const options = { issuer: config.issuer, audience: config.audience, graceSeconds: config.clockSkewSeconds };
  const jwk = key.publicJwk as JwkWithKid;
  console.log(
    '\nbreakdown: CPU µs per operation, interleaved with raw crypto.verify (pieces bundled as the handler is)',
  );
  for (const [name, op] of [
    [
      "raw + aws-jwt-verify's decode, as published",
      () => {
        originalDecompose(token);
        return raw();
      },
    ],
    [
      "raw + aws-jwt-verify's decode, as bundled",
      () => {
        parts.decomposeUnverifiedJwt(token);
        return raw();
      },
    ],
    [
      "aws-jwt-verify's verifyJwt alone",
      () =>
        parts.verifyJwt(
          token,
          config.jwksUrl,
          options,
          async () => jwk,
          async () => keyObject,
        ),
    ],
    ['verifyToken (our rules inside verifyJwt)', () => verifyToken(`Bearer ${token}`)],
  ] as const) {
    const { cpu } = await interleavedRates(op, raw, { durationMs: MS });
    console.log(
      `  ${name.padEnd(46)} ${(1e6 / cpu[0]).toFixed(1)} µs vs raw ${(1e6 / cpu[1]).toFixed(1)} µs: ratio ${(cpu[0] / cpu[1]).toFixed(2)}`,
    );
  }
  const cold: Record<string, number[]> = {};
  for (let run = 0; run < 11; run += 1) {
    const { stderr } = await timeNodeProcess(['bench/support/cold-start-parts.mjs', bundlePath], childEnv);
    for (const [part, ms] of Object.entries(JSON.parse(/parts=(\{.*\})/.exec(stderr)![1]!) as Record<string, number>))
      (cold[part] ??= []).push(ms);
  }
  console.log('breakdown: cold start CPU ms (median of 11)');
  for (const [part, values] of Object.entries(cold)) console.log(`  ${part.padEnd(10)} ${median(values).toFixed(1)}`);
}
