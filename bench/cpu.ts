import { readFileSync, readdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { round } from './harness';

/** Linux's clock ticks per second, in which /proc/<pid>/stat counts CPU time. */
const TICKS_PER_SECOND = 100;

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces), or null when it is gone or unreadable. */
function statFields(pid: string): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

function commandOf(pid: string): string | null {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return null;
  }
}

/**
 * CPU milliseconds the PostgreSQL server on this machine has used so far: every `postgres` process's own time, plus
 * what the postmaster collected from backends that have already exited. Null when no such server can be seen here.
 */
export function postgresCpuMs(): number | null {
  let ticks = 0;
  let seen = false;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  const postgres = new Set(pids.filter((pid) => commandOf(pid) === 'postgres'));
  for (const pid of postgres) {
    const fields = statFields(pid);
    if (!fields) continue;
    seen = true;
    // utime and stime are fields 14 and 15 of the line; cutime and cstime (exited children) 16 and 17; ppid is 4.
    ticks += Number(fields[11]) + Number(fields[12]);
    if (!postgres.has(fields[1])) ticks += Number(fields[13]) + Number(fields[14]);
  }
  return seen ? (ticks * 1000) / TICKS_PER_SECOND : null;
}

/**
 * Runs `work` and says where the machine's CPU went meanwhile: this Node process and, when the database server runs
 * on this machine, PostgreSQL (all of it, so other work on the server counts too). Against the cores × wall time
 * there was, it shows whether a figure is bound by CPU.
 */
export async function cpuDuring<T>(work: () => Promise<T>): Promise<{ result: T; summary: string }> {
  const wall0 = performance.now();
  const node0 = process.cpuUsage();
  const pg0 = postgresCpuMs();
  const result = await work();
  const node = process.cpuUsage(node0);
  const pg1 = postgresCpuMs();
  const wallS = (performance.now() - wall0) / 1000;
  const nodeS = (node.user + node.system) / 1e6;
  const pgS = pg0 !== null && pg1 !== null ? (pg1 - pg0) / 1000 : null;
  const parts = [`Node ${round(nodeS, 2)} s`, ...(pgS !== null ? [`PostgreSQL ${round(pgS, 2)} s`] : [])];
  return { result, summary: `CPU ${parts.join(' + ')} of ${round(wallS * cpus().length, 1)} s on ${cpus().length} cores` };
}
