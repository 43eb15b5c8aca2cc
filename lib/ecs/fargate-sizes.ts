/**
 * Task sizes Fargate accepts: each CPU value (in CPU units, 1024 = 1 vCPU)
 * allows a fixed set of memory values in MiB
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size).
 */
const RANGES: Readonly<Record<number, { readonly from: number; readonly to: number; readonly step: number } | readonly number[]>> = {
  256: [512, 1024, 2048],
  512: { from: 1024, to: 4096, step: 1024 },
  1024: { from: 2048, to: 8192, step: 1024 },
  2048: { from: 4096, to: 16384, step: 1024 },
  4096: { from: 8192, to: 30720, step: 1024 },
  8192: { from: 16384, to: 61440, step: 4096 },
  16384: { from: 32768, to: 122880, step: 8192 },
};

export const FARGATE_CPU_VALUES = Object.keys(RANGES).map(Number);

/** The memory values (MiB) Fargate accepts with `cpu`; empty for a CPU value Fargate does not offer. */
export function fargateMemoryValues(cpu: number): number[] {
  const range = RANGES[cpu];
  if (!range) return [];
  if (Array.isArray(range)) return [...range];
  const { from, to, step } = range as { from: number; to: number; step: number };
  return Array.from({ length: (to - from) / step + 1 }, (_, index) => from + index * step);
}
