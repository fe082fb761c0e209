// A cold start as Lambda performs it: import the bundle (its top-level await fetches the JWKS),
// answer one event, report CPU time, exit 0 only if the answer is the expected Allow.
const { handler } = await import(process.argv[2]);
const result = await handler({
  type: 'TOKEN',
  authorizationToken: process.env.BENCH_AUTHORIZATION,
  methodArn: process.env.BENCH_METHOD_ARN,
});
const { user, system } = process.cpuUsage();
process.stderr.write(`cpu-us=${user + system}\n`);
process.exit(result.policyDocument.Statement[0].Effect === 'Allow' ? 0 : 1);
