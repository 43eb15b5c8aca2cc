import { readCdktfCliRun, refuseHclOutput } from '../../lib/synth/cdktf-cli-run';
import { RefusalError } from '../../lib/core/refusal-error';

describe('readCdktfCliRun', () => {
  test('GIVEN the environment cdktf synth passes (cdktf 0.21) THEN a CLI run with JSON output', () => {
    expect(readCdktfCliRun({ CDKTF_OUTDIR: 'cdktf.out', CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: 'true', SYNTH_HCL_OUTPUT: 'false' })).toEqual({ byCli: true, hcl: false });
  });

  test('GIVEN npm run synth THEN not a CLI run', () => {
    expect(readCdktfCliRun({})).toEqual({ byCli: false, hcl: false });
  });

  test.each(['true', '1'])('GIVEN SYNTH_HCL_OUTPUT=%s (cdktf synth --hcl) THEN synth is refused in one line', (value) => {
    const run = readCdktfCliRun({ CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: 'true', SYNTH_HCL_OUTPUT: value });
    expect(run.hcl).toBe(true);
    expect(() => refuseHclOutput(run)).toThrow(RefusalError);
    expect(() => refuseHclOutput(run)).toThrow(/^HCL output \(cdktf synth --hcl, SYNTH_HCL_OUTPUT\) is not supported: [^\n]+; run cdktf synth without --hcl$/);
  });
});
