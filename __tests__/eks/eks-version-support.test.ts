import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { formatProblem } from '../../lib/config/config-error';
import { loadEnvironments } from '../../lib/config/environments';
import { EKS_VERSION_CATALOG, knownEksVersions, supportStatus } from '../../lib/eks/eks-versions';
import { eksEnvironment, eksProblems } from './eks-fixture';
import { UserError } from '../../lib/util/user-error';

const day = (iso: string) => new Date(`${iso}T12:00:00Z`);
/** A cluster on `version` with the kube-proxy build of that minor, so only the support window is under test. */
const cluster = (version: string, kubeProxy: string, extra: Record<string, any> = {}) => ({ version, addons: { kubeProxy: { version: kubeProxy } }, ...extra });
const KUBE_PROXY: Record<string, string> = {
  '1.31': 'v1.31.14-eksbuild.9',
  '1.33': 'v1.33.10-eksbuild.2',
  '1.34': 'v1.34.6-eksbuild.2',
  '1.35': 'v1.35.3-eksbuild.2',
  '1.36': 'v1.36.0-eksbuild.14',
};
const warningsOf = (eksChanges: Record<string, any>, today: Date) => eksEnvironment(eksChanges, {}, today).warnings.map(formatProblem);

describe('the EKS version catalog (lib/eks/eks-versions.json)', () => {
  test('is dated, names its source, and lists versions oldest first', () => {
    expect(EKS_VERSION_CATALOG.checkedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(EKS_VERSION_CATALOG.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/eks\/.*kubernetes-release-calendar$/);
    const minors = knownEksVersions().map((version) => Number(version.split('.')[1]));
    expect(minors).toEqual([...minors].sort((a, b) => a - b));
  });

  test.each(EKS_VERSION_CATALOG.versions.map((v) => [v.kubernetesVersion, v] as const))(
    '%s: 14 months of standard and 12 of extended support from the EKS release, as the calendar defines them',
    (_, version) => {
      const plusMonths = (iso: string, months: number) => {
        const date = new Date(`${iso}T00:00:00Z`);
        date.setUTCMonth(date.getUTCMonth() + months);
        return date.toISOString().slice(0, 10);
      };
      expect(version.endOfStandardSupport).toBe(plusMonths(version.eksRelease, 14));
      expect(version.endOfExtendedSupport).toBe(plusMonths(version.endOfStandardSupport, 12));
    },
  );

  test('extended support costs six times standard support per cluster-hour', () => {
    expect(EKS_VERSION_CATALOG.pricing).toMatchObject({ standardUsdPerClusterHour: 0.1, extendedUsdPerClusterHour: 0.6 });
  });

  test('standard support ends at 00:00 UTC of the calendar day, when extended-support billing starts', () => {
    const [v135] = EKS_VERSION_CATALOG.versions.filter((v) => v.kubernetesVersion === '1.35');
    expect(supportStatus(v135, new Date('2027-03-26T23:59:59Z'))).toEqual({ phase: 'standard', endsOn: '2027-03-27', daysLeft: 1 });
    expect(supportStatus(v135, new Date('2027-03-27T00:00:00Z'))).toEqual({ phase: 'extended', endsOn: '2028-03-27', daysLeft: 366 });
    expect(supportStatus(v135, new Date('2028-03-27T00:00:00Z'))).toEqual({ phase: 'unsupported', endedOn: '2028-03-27' });
  });
});

describe('eks.version against the release calendar, on an injected day', () => {
  test('GIVEN 1.35 more than 90 days before the end of its standard support THEN no warning', () => {
    expect(warningsOf(cluster('1.35', KUBE_PROXY['1.35']), day('2026-12-26'))).toEqual([]);
  });

  test('GIVEN 1.35 90 days before the end of its standard support THEN a warning at eks.version, and the config loads', () => {
    expect(warningsOf(cluster('1.35', KUBE_PROXY['1.35']), day('2026-12-27'))).toEqual([
      expect.stringMatching(
        /^test\.yaml:\d+:\d+: eks\.version: standard support for 1\.35 ends on 2027-03-27 \(in 90 days\); then EKS upgrades the control plane on its own \(supportType STANDARD\), or, with supportType EXTENDED, keeps it at \$0\.60 per cluster-hour instead of \$0\.10/,
      ),
    ]);
  });

  test('GIVEN 1.34 two days before the end of its standard support THEN a warning naming the versions to move to', () => {
    expect(warningsOf(cluster('1.34', KUBE_PROXY['1.34']), day('2026-11-30'))).toEqual([
      expect.stringMatching(/eks\.version: standard support for 1\.34 ends on 2026-12-02 \(in 2 days\);.*\(in standard support: 1\.34 until 2026-12-02, 1\.35 until 2027-03-27\)$/),
    ]);
  });

  test('GIVEN 1.33 after the end of its standard support with supportType STANDARD THEN an error with what extended support costs', () => {
    expect(eksProblems(cluster('1.33', KUBE_PROXY['1.33']), {}, day('2026-11-30'))).toEqual([
      expect.stringMatching(
        /^test\.yaml:\d+:\d+: eks\.version: expected a version in standard support \(1\.34 until 2026-12-02, 1\.35 until 2027-03-27\), got 1\.33, whose standard support ended on 2026-07-29: with supportType STANDARD, EKS upgrades the control plane on its own\. Upgrade, or set eks\.supportType: EXTENDED to keep 1\.33 until 2027-07-29 at \$0\.60 per cluster-hour instead of \$0\.10 in standard support/,
      ),
    ]);
  });

  test('GIVEN the same cluster on the first day without standard support THEN already an error', () => {
    expect(eksProblems(cluster('1.35', KUBE_PROXY['1.35']), {}, new Date('2027-03-27T00:00:00Z'))).toEqual([
      expect.stringMatching(/eks\.version: expected a version in standard support \(none in lib\/eks\/eks-versions\.json .*\), got 1\.35, whose standard support ended on 2027-03-27/),
    ]);
  });

  test('GIVEN 1.33 after the end of its standard support with supportType EXTENDED THEN it loads, with a warning naming the price', () => {
    const config = eksEnvironment(cluster('1.33', KUBE_PROXY['1.33'], { supportType: 'EXTENDED' }), {}, day('2026-11-30'));
    expect(config.eks!.supportType).toBe('EXTENDED');
    expect(config.warnings.map(formatProblem)).toEqual([
      expect.stringMatching(
        /eks\.version: 1\.33 is in extended support since 2026-07-29 \(supportType EXTENDED\): the control plane costs \$0\.60 per cluster-hour instead of \$0\.10 in standard support .*; upgrade to one of 1\.34 until 2026-12-02, 1\.35 until 2027-03-27$/,
      ),
    ]);
  });

  test('GIVEN 1.31 after the end of its extended support THEN an error even with supportType EXTENDED', () => {
    expect(eksProblems(cluster('1.31', KUBE_PROXY['1.31'], { supportType: 'EXTENDED' }), {}, day('2026-11-30'))).toEqual([
      expect.stringMatching(/eks\.version: expected a version in standard support \(1\.34 until 2026-12-02, 1\.35 until 2027-03-27\), got 1\.31, whose extended support ended on 2026-11-26/),
    ]);
  });

  test('GIVEN a version missing from the catalog THEN an error listing the known versions', () => {
    expect(eksProblems(cluster('1.36', KUBE_PROXY['1.36']), {}, day('2026-11-30'))).toEqual([
      expect.stringMatching(
        /^test\.yaml:\d+:\d+: eks\.version: expected a Kubernetes version of the EKS catalog \(lib\/eks\/eks-versions\.json, checked 2026-11-30\): 1\.29, 1\.30, 1\.31, 1\.32, 1\.33, 1\.34, 1\.35; got 1\.36\./,
      ),
    ]);
  });

  test('GIVEN a kube-proxy build of a newer minor than the cluster THEN an error at the add-on', () => {
    expect(eksProblems(cluster('1.34', KUBE_PROXY['1.35']), {}, day('2026-06-01'))).toEqual([
      expect.stringMatching(/^test\.yaml:\d+:\d+: eks\.addons\.kubeProxy\.version: expected a kube-proxy 1\.34 build to match the cluster version 1\.34, got v1\.35\.3-eksbuild\.2$/),
    ]);
  });

  test('GIVEN an expired version and a problem in another section THEN both are reported in one run', () => {
    const problems = eksProblems(cluster('1.33', KUBE_PROXY['1.33']), { logs: { retentionDays: 8 } }, day('2026-11-30'));
    expect(problems).toEqual([
      expect.stringMatching(/logs\.retentionDays: expected one of CloudWatch's retention values/),
      expect.stringMatching(/eks\.version: expected a version in standard support/),
    ]);
  });
});

describe('the example environments on a given day', () => {
  const environments = path.resolve(__dirname, '../../environments');
  /** `environments/<name>.yaml:<line of eks.version>:`, so edits elsewhere in the file don't move the expectation. */
  const at = (name: string) => {
    const source = fs.readFileSync(path.join(environments, `${name}.yaml`), 'utf8');
    const node = YAML.parseDocument(source).getIn(['eks', 'version'], true) as YAML.Scalar;
    const line = source.slice(0, node.range![0]).split('\n').length;
    return `environments/${name}\\.yaml:${line}:\\d+: eks\\.version: `;
  };

  test('GIVEN 2027-01-15 THEN each file loads with a warning at its eks.version line', () => {
    const warnings = loadEnvironments(environments, [], { today: day('2027-01-15') }).flatMap((config) => config.warnings.map(formatProblem));
    expect(warnings).toEqual([
      expect.stringMatching(new RegExp(`^${at('dev')}standard support for 1\\.35 ends on 2027-03-27 \\(in 71 days\\)`)),
      expect.stringMatching(new RegExp(`^${at('prod')}standard support for 1\\.35 ends on 2027-03-27`)),
      expect.stringMatching(new RegExp(`^${at('stg')}standard support for 1\\.35 ends on 2027-03-27`)),
    ]);
  });

  test('GIVEN 2027-04-01 THEN every file is refused until the version moves (or extended support is chosen)', () => {
    const load = () => loadEnvironments(environments, [], { today: day('2027-04-01') });
    expect(load).toThrow(UserError);
    for (const name of ['dev', 'prod', 'stg']) expect(load).toThrow(new RegExp(`${at(name)}expected a version in standard support`));
  });
});
