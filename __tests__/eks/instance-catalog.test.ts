import { describeInstanceType, INSTANCE_CATALOG, matchRequirement, memoryGiB, resolveInstanceTypes, type InstanceType } from '../../lib/eks/instance-catalog';

/** vCPUs of each size EC2 publishes for these families. */
const VCPUS_BY_SIZE: Record<string, number> = { large: 2, xlarge: 4, '2xlarge': 8, '4xlarge': 16 };
/** GiB of memory per vCPU: general purpose (m, t), compute (c), memory (r). */
const GIB_PER_VCPU: Record<string, number> = { m: 4, t: 4, c: 2, r: 8 };

const SPOT_POOL_FAMILIES = ['m5', 'm5a', 'm5n', 'm6i', 'm6a', 'm7i', 'm7a', 'm6g', 'm7g', 'c5', 'c6i', 'c6a', 'c7i', 'c6g', 'c7g', 'r5', 'r6i', 'r6a', 'r7i', 'r6g', 'r7g'];

describe('EC2 instance-type catalog', () => {
  test.each(INSTANCE_CATALOG.map((type) => [type.name, type] as [string, InstanceType]))('%s has the vCPUs, memory, architecture and generation its name implies', (name, type) => {
    const [family, size] = name.split('.');
    expect(type.family).toBe(family);
    expect(type.generation).toBe(Number(family[1]));
    expect(type.vcpus).toBe(VCPUS_BY_SIZE[size]);
    expect(memoryGiB(type)).toBe(type.vcpus * GIB_PER_VCPU[family[0]]);
    expect(type.architecture).toBe(/^[mcr]\dg$/.test(family) ? 'arm64' : 'x86_64');
    expect(type.burstable).toBe(family.startsWith('t'));
  });

  test('covers the Spot pool families in large to 4xlarge, and t3 up to 2xlarge (there is no t3.4xlarge)', () => {
    const names = new Set(INSTANCE_CATALOG.map((type) => type.name));
    for (const family of SPOT_POOL_FAMILIES) {
      for (const size of Object.keys(VCPUS_BY_SIZE)) expect(names).toContain(`${family}.${size}`);
    }
    expect([...names].filter((name) => name.startsWith('t3.')).sort()).toEqual(['t3.2xlarge', 't3.large', 't3.xlarge']);
    expect(names.size).toBe(INSTANCE_CATALOG.length);
  });

  test('a few entries against EC2 published figures', () => {
    const byName = (name: string) => INSTANCE_CATALOG.find((type) => type.name === name)!;
    expect(byName('m5.large')).toMatchObject({ vcpus: 2, memoryMiB: 8192, architecture: 'x86_64' });
    expect(byName('c7g.4xlarge')).toMatchObject({ vcpus: 16, memoryMiB: 32768, architecture: 'arm64' });
    expect(byName('r6a.2xlarge')).toMatchObject({ vcpus: 8, memoryMiB: 65536, architecture: 'x86_64' });
    expect(describeInstanceType(byName('m6g.xlarge'))).toBe('m6g.xlarge (4 vCPU, 16 GiB, arm64)');
  });
});

describe('matchRequirement', () => {
  test('GIVEN 4 vCPU, 16 GiB, x86_64 THEN every general-purpose x86 xlarge, newest generation first, no burstable t3', () => {
    expect(matchRequirement({ vcpus: 4, memoryGiB: 16, architecture: 'x86_64' }).map((t) => t.name)).toEqual([
      'm7a.xlarge',
      'm7i.xlarge',
      'm6a.xlarge',
      'm6i.xlarge',
      'm5.xlarge',
      'm5a.xlarge',
      'm5n.xlarge',
    ]);
  });

  test('GIVEN families and a minimum generation THEN only those', () => {
    const types = matchRequirement({ vcpus: 8, memoryGiB: 16, architecture: 'x86_64', families: ['c5', 'c6i', 'c7i'], minGeneration: 6 });
    expect(types.map((t) => t.name)).toEqual(['c7i.2xlarge', 'c6i.2xlarge']);
  });

  test('GIVEN the t3 family named THEN burstable types match', () => {
    expect(matchRequirement({ vcpus: 2, memoryGiB: 8, architecture: 'x86_64', families: ['t3'] }).map((t) => t.name)).toEqual(['t3.large']);
  });

  test('GIVEN arm64 THEN only Graviton types', () => {
    expect(matchRequirement({ vcpus: 2, memoryGiB: 16, architecture: 'arm64' }).map((t) => t.name)).toEqual(['r7g.large', 'r6g.large']);
  });
});

describe('resolveInstanceTypes', () => {
  test('GIVEN equal-size listed types THEN they resolve in the listed order', () => {
    const resolved = resolveInstanceTypes({ instanceTypes: ['m6i.large', 'm5.large'] }, 2);
    expect(resolved).toEqual({ ok: true, types: [expect.objectContaining({ name: 'm6i.large' }), expect.objectContaining({ name: 'm5.large' })] });
  });

  test.each([
    ['two sizes', ['m5.large', 'm5.xlarge'], /^expected instance types of one size and architecture .*got m5\.large \(2 vCPU, 8 GiB, x86_64\), m5\.xlarge \(4 vCPU, 16 GiB, x86_64\)$/],
    ['x86 and Graviton', ['m6i.large', 'm6g.large'], /got m6i\.large \(2 vCPU, 8 GiB, x86_64\), m6g\.large \(2 vCPU, 8 GiB, arm64\)$/],
    ['equal vCPUs, different memory', ['c6i.large', 'm6i.large'], /got c6i\.large \(2 vCPU, 4 GiB, x86_64\), m6i\.large \(2 vCPU, 8 GiB, x86_64\)$/],
    ['an unknown type', ['m6i.large', 'm9z.large'], /^unknown instance type m9z\.large; add it to lib\/eks\/instance-types\.json first$/],
    ['a duplicate', ['m6i.large', 'm6i.large'], /^instance type m6i\.large is listed twice$/],
  ])('GIVEN %s THEN it is refused with the sizes', (_, instanceTypes, message) => {
    const resolved = resolveInstanceTypes({ instanceTypes }, 1);
    expect(resolved.ok).toBe(false);
    expect(!resolved.ok && resolved.message).toMatch(message);
  });

  test('GIVEN a requirement matching fewer types than required THEN the message lists what was found', () => {
    const resolved = resolveInstanceTypes({ requirement: { vcpus: 4, memoryGiB: 32, architecture: 'arm64' } }, 3);
    expect(!resolved.ok && resolved.message).toBe('expected at least 3 instance types matching 4 vCPU, 32 GiB, arm64, found 2: r7g.xlarge (4 vCPU, 32 GiB, arm64), r6g.xlarge (4 vCPU, 32 GiB, arm64)');
  });

  test('GIVEN a requirement nothing matches THEN "none" is found', () => {
    const resolved = resolveInstanceTypes({ requirement: { vcpus: 3, memoryGiB: 12, architecture: 'x86_64', families: ['m6i'], minGeneration: 6 } }, 1);
    expect(!resolved.ok && resolved.message).toBe('expected at least 1 instance types matching 3 vCPU, 12 GiB, x86_64, families m6i, generation >= 6, found 0: none');
  });

  test('GIVEN fewer listed types than required THEN they are listed', () => {
    const resolved = resolveInstanceTypes({ instanceTypes: ['m6i.large', 'm6a.large'] }, 3);
    expect(!resolved.ok && resolved.message).toBe('expected at least 3 instance types, got 2: m6i.large (2 vCPU, 8 GiB, x86_64), m6a.large (2 vCPU, 8 GiB, x86_64)');
  });
});
