import { readFileSync } from "node:fs";
import { cpus, loadavg, release, totalmem } from "node:os";
import { join } from "node:path";

/** The hardware and software a benchmark ran on. */
export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  wrangler: string;
  /** One-minute load average when the benchmark started. */
  loadAverage: number;
}

function wranglerVersion(): string {
  const path = join(
    import.meta.dirname,
    "../../node_modules/wrangler/package.json",
  );
  const manifest = JSON.parse(readFileSync(path, "utf8"));
  return (manifest as { version: string }).version;
}

/** Describes this machine. Call it before the load starts. */
export function describeMachine(): MachineInfo {
  const processors = cpus();
  return {
    cpuModel: processors[0]?.model.trim() ?? "unknown",
    cores: processors.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${process.platform} ${release()}`,
    node: process.version,
    wrangler: wranglerVersion(),
    loadAverage: loadavg()[0],
  };
}
