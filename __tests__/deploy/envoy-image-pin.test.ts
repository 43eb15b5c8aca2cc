import * as fs from 'fs';
import * as path from 'path';
import { parseEnvironment } from '../../lib/config/loader';
import { pinEnvoyImage } from '../../tools/deploy/envoy-image-pin';
import { FIXTURE_TODAY } from '../helpers/fixed-clock';
import { UserError } from '../../lib/util/user-error';

/** Writing the digest into envoy.image: one entry changes, every other byte stays. */
const DIGEST = `sha256:${'ab'.repeat(32)}`;
const PINNED = `envoyproxy/envoy:v1.38.9@${DIGEST}`;
const repository = path.resolve(__dirname, '../..');

/** The text with `line` inserted before line `at` (1-based): what pinning may add, nothing else. */
const insertLine = (text: string, at: number, line: string) => {
  const lines = text.split('\n');
  lines.splice(at - 1, 0, line);
  return lines.join('\n');
};

describe('pinEnvoyImage', () => {
  test.each(['dev', 'stg', 'prod'])(
    'GIVEN environments/%s.yaml (an envoy mapping without image) THEN one line "  image: …@sha256:…" is added right after envoy:, the rest byte-identical, and the file loads with that image',
    (name) => {
      const text = fs.readFileSync(path.join(repository, 'environments', `${name}.yaml`), 'utf8');
      const envoyLine = text.split('\n').indexOf('envoy:') + 1;
      const pin = pinEnvoyImage(text, `environments/${name}.yaml`, DIGEST, 'v1.38.9');
      expect(pin).toMatchObject({ changed: true, image: PINNED, line: envoyLine + 1, lineText: `  image: ${PINNED}` });
      expect(pin.text).toBe(insertLine(text, envoyLine + 1, `  image: ${PINNED}`));
      expect(parseEnvironment(pin.text, `${name}.yaml`, name, { today: FIXTURE_TODAY }).envoy.image).toBe(PINNED);
    },
  );

  test('GIVEN the pinned file WHEN pinned again with the same digest THEN it comes back unchanged (idempotent)', () => {
    const once = pinEnvoyImage(fs.readFileSync(path.join(repository, 'environments', 'dev.yaml'), 'utf8'), 'dev.yaml', DIGEST, 'v1.38.9');
    const twice = pinEnvoyImage(once.text, 'dev.yaml', DIGEST, 'v1.38.9');
    expect(twice).toEqual({ ...once, changed: false });
  });

  test.each([
    ['a plain value with a comment after it', 'envoy:\n  image: envoyproxy/envoy:v1.38.9 # bumped by hand\n  logLevel: info\n', `envoy:\n  image: ${PINNED} # bumped by hand\n  logLevel: info\n`],
    ['a double-quoted value', 'envoy:\n  logLevel: info\n  image: "envoyproxy/envoy:v1.38.9"\n', `envoy:\n  logLevel: info\n  image: "${PINNED}"\n`],
    ['a single-quoted value', "envoy: { image: 'envoyproxy/envoy:v1.38.9' }\n", `envoy: { image: '${PINNED}' }\n`],
    ['a flow mapping without image', 'envoy: { logLevel: info }\n', `envoy: { image: ${PINNED}, logLevel: info }\n`],
    ['an empty flow mapping', 'envoy: {}   # defaults\n', `envoy: { image: ${PINNED} }   # defaults\n`],
    [
      'a comment on the envoy line, 4-space indentation',
      'envoy: # sidecars\n    # quieter\n    logLevel: warning\n',
      `envoy: # sidecars\n    image: ${PINNED}\n    # quieter\n    logLevel: warning\n`,
    ],
    ['no envoy mapping, indented by 4', 'project: acme\naccount:\n    id: "1"\n', `project: acme\naccount:\n    id: "1"\nenvoy:\n    image: ${PINNED}\n`],
    ['no envoy mapping and no final newline', 'project: acme', `project: acme\nenvoy:\n  image: ${PINNED}\n`],
    ['CRLF line ends', 'project: acme\r\nenvoy:\r\n  logLevel: info\r\n', `project: acme\r\nenvoy:\r\n  image: ${PINNED}\r\n  logLevel: info\r\n`],
  ])('GIVEN %s THEN only the image entry changes', (_, text, expected) => {
    expect(pinEnvoyImage(text, 'e.yaml', DIGEST, 'v1.38.9').text).toBe(expected);
  });

  test.each([
    [
      'another tag than the one synthesized',
      'envoy:\n  image: envoyproxy/envoy:v1.38.10\n',
      /^e\.yaml: cannot pin envoy\.image to sha256:a[0-9a-f]+: it names envoyproxy\/envoy:v1\.38\.10, but the deploy synthesized tag v1\.38\.9: synthesize and deploy again$/,
    ],
    ['another digest already pinned', `envoy:\n  image: envoyproxy/envoy:v1.38.9@sha256:${'cd'.repeat(32)}\n`, /: it already pins sha256:cdcd/],
    ['envoy as an alias', 'base: &b { logLevel: info }\nenvoy: *b\n', /: expected envoy to be a mapping \(an alias or another value cannot be pinned in place\)$/],
    ['a block scalar', 'envoy:\n  image: >-\n    envoyproxy/envoy:v1.38.9\n', /: expected envoy\.image on one line/],
    ['invalid YAML', 'envoy: [\n', /: YAML: /],
  ])('GIVEN %s THEN it refuses in one line, naming the file', (_, text, message) => {
    expect(() => pinEnvoyImage(text, 'e.yaml', DIGEST, 'v1.38.9')).toThrow(UserError);
    expect(() => pinEnvoyImage(text, 'e.yaml', DIGEST, 'v1.38.9')).toThrow(message);
  });
});
