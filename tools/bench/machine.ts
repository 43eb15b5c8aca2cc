import * as os from 'os';

/** What a benchmark result depends on, for BENCHMARKS.md. */
export interface MachineInfo {
  readonly date: string;
  readonly cores: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  readonly terraform: string;
}

export function machineInfo(terraform: string | undefined, now = new Date()): MachineInfo {
  const cpus = os.cpus();
  return {
    date: now.toISOString().replace(/\.\d+Z$/, 'Z'),
    cores: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    terraform: terraform ?? 'not installed',
  };
}

/** `1.23 / 0.98 / 0.75`: the 1, 5 and 15 minute load averages, as `uptime` prints them. */
export function loadAverages(): string {
  return os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(' / ');
}
