/**
 * CPU time of the processes this benchmark started, read from Linux
 * `/proc/<pid>/stat`, so workerd's share can be divided by the jobs it ran.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/** CPU seconds per process name, summed over this process's descendants. */
export type CpuByCommand = Map<string, number>;

interface ProcStat {
  pid: number;
  ppid: number;
  command: string;
  /** User plus system time, in clock ticks. */
  ticks: number;
}

let ticksPerSecond: number | undefined;

function clockTicksPerSecond(): number {
  ticksPerSecond ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
  return ticksPerSecond;
}

function readStat(pid: number): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    // The process exited between listing /proc and reading its file.
    return null;
  }
  // The command sits in parentheses and may contain spaces, so the other
  // fields are counted from the last ")". utime and stime are fields 14
  // and 15 of proc(5), 12 and 13 after the state field.
  const close = text.lastIndexOf(")");
  const command = text.slice(text.indexOf("(") + 1, close);
  const fields = text.slice(close + 2).split(" ");
  return { pid, ppid: Number(fields[1]), command, ticks: Number(fields[11]) + Number(fields[12]) };
}

/**
 * Samples the CPU time of every live descendant of this process, grouped by
 * command name (`workerd`, `node`). A descendant that already exited is
 * missing, so sample while the server runs.
 */
export function sampleDescendantCpu(): CpuByCommand {
  const stats = readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readStat(Number(name)))
    .filter((stat): stat is ProcStat => stat !== null);
  const children = new Map<number, ProcStat[]>();
  for (const stat of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat]);

  const totals: CpuByCommand = new Map();
  const pending = [...(children.get(process.pid) ?? [])];
  for (let stat = pending.pop(); stat; stat = pending.pop()) {
    const seconds = stat.ticks / clockTicksPerSecond();
    totals.set(stat.command, (totals.get(stat.command) ?? 0) + seconds);
    pending.push(...(children.get(stat.pid) ?? []));
  }
  return totals;
}

/** Returns the CPU seconds each command used between two samples. */
export function cpuBetween(before: CpuByCommand, after: CpuByCommand): CpuByCommand {
  const spent: CpuByCommand = new Map();
  for (const [command, seconds] of after) spent.set(command, seconds - (before.get(command) ?? 0));
  return spent;
}
