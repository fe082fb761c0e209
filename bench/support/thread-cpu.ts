/**
 * CPU time by thread, from Linux's `/proc`: where a load run's CPU goes in the local stack's
 * process (its main thread, the Lambda environments' worker threads, V8's helper threads) and in
 * the PostgreSQL server's processes. CPU per request moves less with the machine's load than
 * requests per second do, and says which part a change made cheaper. Undefined off Linux.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Linux's USER_HZ: `/proc` counts CPU time in hundredths of a second on every common kernel. */
const MS_PER_TICK = 10;

/** What a thread's name says it is (`/proc/<pid>/task/<tid>/comm`). */
const PARTS: Array<[string, RegExp]> = [
  ['main', /^MainThread$|^node$/],
  ['Lambda', /^WorkerThread$/],
  ['V8 helpers', /^V8 ?Worker/],
];
export const CPU_PARTS = [...PARTS.map(([part]) => part), 'PostgreSQL', 'other'] as const;

/** Milliseconds of CPU so far, by part. */
export type CpuSample = Map<string, number>;

/** The fields of a `/proc/…/stat` line after the command name (which may hold spaces): state first. */
function statFields(statPath: string): string[] {
  return readFileSync(statPath, 'utf8')
    .replace(/^.*\) /s, '')
    .split(' ');
}

/** utime + stime, fields 14 and 15 of the line. */
function ticksOf(statPath: string): number {
  const fields = statFields(statPath);
  return Number(fields[11]) + Number(fields[12]);
}

/** The server process and its children (one backend per connection, and the auxiliary processes). */
function postgresProcesses(postmasterPid: number): number[] {
  const pids = [postmasterPid];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (Number(statFields(`/proc/${entry}/stat`)[1]) === postmasterPid) pids.push(Number(entry));
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return pids;
}

/**
 * CPU used so far by each part of the stack in process `nodePid` and the server `postmasterPid`.
 *
 * @example
 * const before = sampleCpu(pid, postmaster);
 * // … load …
 * const perRequest = cpuPerRequest(before, sampleCpu(pid, postmaster), requests);
 */
export function sampleCpu(nodePid: number, postmasterPid: number | undefined): CpuSample | undefined {
  if (process.platform !== 'linux') return undefined;
  const sample: CpuSample = new Map(CPU_PARTS.map((part) => [part, 0]));
  const add = (part: string, ticks: number) => sample.set(part, sample.get(part)! + ticks * MS_PER_TICK);
  for (const tid of readdirSync(`/proc/${nodePid}/task`)) {
    try {
      const name = readFileSync(`/proc/${nodePid}/task/${tid}/comm`, 'utf8').trim();
      const part = PARTS.find(([, pattern]) => pattern.test(name))?.[0] ?? 'other';
      add(part, ticksOf(`/proc/${nodePid}/task/${tid}/stat`));
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  if (postmasterPid !== undefined) {
    for (const pid of postgresProcesses(postmasterPid)) {
      try {
        add('PostgreSQL', ticksOf(`/proc/${pid}/stat`));
      } catch {
        // Ended meanwhile.
      }
    }
  }
  return sample;
}

/** Milliseconds of CPU per request by part between two samples, with their `total`. */
export function cpuPerRequest(before: CpuSample, after: CpuSample, requests: number): Map<string, number> {
  const perRequest = new Map<string, number>();
  let total = 0;
  for (const part of CPU_PARTS) {
    const ms = Math.max(0, after.get(part)! - before.get(part)!) / requests;
    perRequest.set(part, ms);
    total += ms;
  }
  perRequest.set('total', total);
  return perRequest;
}
