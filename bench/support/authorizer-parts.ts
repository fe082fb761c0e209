/**
 * The pieces of the authorizer that `--breakdown` times, bundled with the Lambda build options
 * (`buildLambdaBundle`) so that they carry the same substitutions as the handler they explain.
 */
export { decomposeUnverifiedJwt } from 'aws-jwt-verify/jwt';
export { verifyJwt } from 'aws-jwt-verify/jwt-verifier';
export { loadAuthorizerConfig } from '../../lambdas/authorizer/config';
export { createJwksFetcher } from '../../lambdas/authorizer/jwks-fetcher';
export { SigningKeys } from '../../lambdas/authorizer/signing-keys';
export { createTokenVerifier } from '../../lambdas/authorizer/verify-token';
