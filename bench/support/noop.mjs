// The baseline of a cold-start bench: a fresh Node process that does nothing but report its CPU time.
const { user, system } = process.cpuUsage();
process.stderr.write(`cpu-us=${user + system}\n`);
