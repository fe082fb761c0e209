// For `npm run bench:authorizer -- --breakdown`: where a cold start's CPU time goes. Imports the
// bundle's built-ins first (and node:http, which its loopback JWKS fetch loads), then the bundle (configuration and the JWKS fetch), then answers one
// event, and reports the CPU time of each part.
const cpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const boot = cpu();
// What the bundle imports statically, and the module its loopback JWKS fetch loads on first use.
await import('node:crypto');
await import('node:module');
process.getBuiltinModule('node:http');
const builtins = cpu();
const { handler } = await import(process.argv[2]);
const bundle = cpu();
const result = await handler({
  type: 'TOKEN',
  authorizationToken: process.env.BENCH_AUTHORIZATION,
  methodArn: process.env.BENCH_METHOD_ARN,
});
const event = cpu();
const parts = { boot, builtins: builtins - boot, bundle: bundle - builtins, event: event - bundle };
process.stderr.write(`cpu-us=${Math.round(event * 1000)} parts=${JSON.stringify(parts)}\n`);
process.exit(result.policyDocument.Statement[0].Effect === 'Allow' ? 0 : 1);
