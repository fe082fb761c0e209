// A cold start as Lambda performs it: import the bundle (its top-level await fetches the JWKS),
// answer one event, exit 0 only if that answer is the expected Allow. Run by bench/authorizer.ts.
const { handler } = await import(process.argv[2]);
const result = await handler({ type: 'TOKEN', authorizationToken: process.env.BENCH_AUTHORIZATION, methodArn: process.env.BENCH_METHOD_ARN });
process.exit(result.policyDocument.Statement[0].Effect === 'Allow' ? 0 : 1);
