import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { envoyReadinessScript } from '../../lib/ecs/envoy-sidecar-extension';
import { runSync } from '../process/run-process';

/**
 * `npm run envoy:smoke`: real Envoy with rendered bundles (the committed
 * golden bundles of dev, which the tests keep equal to what synth renders).
 * Without Docker it is skipped with one line, unless ENVOY_SMOKE_REQUIRED=1
 * (the envoy-validate workflow sets it). With Docker:
 * 0. `envoy --mode validate` of the pinned image on every rendered bundle
 *    (every environment's golden bundles), secrets from throwaway values;
 * 1. a stub app, and Envoy with dev's `api` bundle in the app's network
 *    namespace, a throwaway self-signed certificate in the TLS variables;
 * 2. the task definition's own health-check command (envoyReadinessScript)
 *    inside the Envoy container;
 * 3. a request through the TLS listener reaches the app;
 * 4. Envoy with dev's `worker` bundle, the target host pointed at a TLS stub
 *    upstream whose throwaway CA is added to the image's CA bundle: the stub
 *    sees a SigV4 Authorization header and the rewritten Host.
 */

const root = path.resolve(__dirname, '..', '..');
const GOLDEN = path.join(root, '__tests__', 'envoy', 'golden', 'dev');
/** Answers 200 to every request with the request's Host and Authorization as JSON; TLS when given a cert and key. */
const STUB = [
  'import http.server, json, ssl, sys',
  'class H(http.server.BaseHTTPRequestHandler):',
  '  def do_GET(self):',
  '    body = json.dumps({"host": self.headers.get("Host"), "authorization": self.headers.get("Authorization"), "path": self.path}).encode()',
  '    self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)',
  '  do_PUT = do_POST = do_GET',
  's = http.server.ThreadingHTTPServer(("0.0.0.0", int(sys.argv[1])), H)',
  'if len(sys.argv) > 2:',
  '  c = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); c.load_cert_chain(sys.argv[2], sys.argv[3]); s.socket = c.wrap_socket(s.socket, server_side=True)',
  's.serve_forever()',
].join('\n');
const STUB_IMAGE = 'python:3.12-alpine';

type Run = (command: string, args: readonly string[], input?: string) => { status: number | null; stdout: string; stderr: string };
const run: Run = (command, args, input) => {
  const { status, stdout, stderr } = runSync({ program: command, args, ...(input === undefined ? {} : { input }), timeoutMs: 120_000 });
  return { status, stdout, stderr };
};

/** Whether a Docker daemon answers. */
export function dockerAvailable(runner: Run = run): boolean {
  return runner('docker', ['version', '--format', '{{.Server.Version}}']).status === 0;
}

/** Runs the smoke test; returns the exit code. `env` decides whether a missing Docker is a failure. */
export function envoySmoke(env: NodeJS.ProcessEnv = process.env, runner: Run = run, out: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): number {
  if (!dockerAvailable(runner)) {
    if (env.ENVOY_SMOKE_REQUIRED === '1') {
      out('envoy:smoke: failed: Docker is not available and ENVOY_SMOKE_REQUIRED=1');
      return 1;
    }
    out('envoy:smoke: skipped: Docker is not available (set ENVOY_SMOKE_REQUIRED=1 to make that a failure)');
    return 0;
  }
  const cleanup: string[] = [];
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'envoy-smoke-'));
  try {
    return withDocker(work, cleanup, runner, out);
  } catch (error) {
    out(`envoy:smoke: failed: ${(error as Error).message}`);
    return 1;
  } finally {
    for (const container of cleanup.reverse()) runner('docker', ['rm', '-f', container]);
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function withDocker(work: string, cleanup: string[], runner: Run, out: (line: string) => void): number {
  const manifest = JSON.parse(fs.readFileSync(path.join(GOLDEN, 'manifest.json'), 'utf8'));
  const docker = (...args: string[]) => {
    const result = runner('docker', args);
    if (result.status !== 0) throw new Error(`docker ${args[0]}: ${result.stderr.trim().split('\n').slice(-3).join(' ')}`);
    return result.stdout.trim();
  };
  const openssl = (...args: string[]) => {
    const result = runner('openssl', args);
    if (result.status !== 0) throw new Error(`openssl ${args[0]}: ${result.stderr.trim()}`);
  };
  const file = (name: string) => path.join(work, name);
  fs.writeFileSync(file('stub.py'), STUB);
  const id = `envoy-smoke-${process.pid}`;

  // 0. The pinned image validates every bundle of every environment.
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1', '-keyout', file('tls.key'), '-out', file('tls.crt'));
  const secretEnv = [
    '-e',
    `ENVOY_TLS_CERTIFICATE=${fs.readFileSync(file('tls.crt'), 'utf8')}`,
    '-e',
    `ENVOY_TLS_PRIVATE_KEY=${fs.readFileSync(file('tls.key'), 'utf8')}`,
    '-e',
    'ENVOY_OAUTH2_CLIENT_SECRET=smoke-test-not-a-secret',
    '-e',
    'ENVOY_OAUTH2_HMAC_SECRET=smoke-test-not-a-secret',
  ];
  let valid = true;
  const goldenRoot = path.dirname(GOLDEN);
  for (const environment of fs.readdirSync(goldenRoot).sort()) {
    const bundles = JSON.parse(fs.readFileSync(path.join(goldenRoot, environment, 'manifest.json'), 'utf8')) as Record<string, { image: string }>;
    for (const [service, { image }] of Object.entries(bundles)) {
      const bundle = path.join(goldenRoot, environment, `${service}.yaml`);
      const result = runner('docker', ['run', '--rm', ...secretEnv, '-v', `${bundle}:/smoke/bundle.yaml:ro`, image, 'envoy', '--mode', 'validate', '-c', '/smoke/bundle.yaml']);
      valid &&= result.status === 0;
      out(
        `envoy:smoke: ${result.status === 0 ? 'ok' : 'FAILED'}: ${image} envoy --mode validate ${path.relative(root, bundle)}${result.status === 0 ? '' : `: ${result.stderr.trim().split('\n').slice(-3).join(' ')}`}`,
      );
    }
  }

  // 1. Ingress: stub app, then Envoy in its network namespace (the task's localhost).
  const api = manifest.api;
  const apiBootstrap = parse(fs.readFileSync(path.join(GOLDEN, 'api.yaml'), 'utf8'));
  const appPort = apiBootstrap.static_resources.clusters.find((c: any) => c.name === 'local_app').load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address.port_value;
  cleanup.push(`${id}-app`);
  docker('run', '-d', '--name', `${id}-app`, '-v', `${work}:/smoke:ro`, STUB_IMAGE, 'python', '/smoke/stub.py', String(appPort));
  cleanup.push(`${id}-api`);
  docker(
    'run',
    '-d',
    '--name',
    `${id}-api`,
    '--network',
    `container:${id}-app`,
    ...secretEnv,
    api.image,
    'envoy',
    '--config-yaml',
    JSON.stringify(apiBootstrap),
    '--log-level',
    'info',
    '--disable-hot-restart',
  );
  const admin = api.ports.admin;
  const ready = waitFor(() => runner('docker', ['exec', `${id}-api`, '/bin/bash', '-c', envoyReadinessScript(admin.address, admin.port, admin.readinessPath)]).status === 0);
  out(`envoy:smoke: ${ready ? 'ok' : 'FAILED'}: the task definition's health-check command passes in the Envoy container`);
  const through = runner('docker', ['run', '--rm', '--network', `container:${id}-app`, 'curlimages/curl:8.11.1', '-sk', `https://127.0.0.1:${api.ports.ingress.port}${api.ports.ingress.healthPath}`]);
  const reached = through.status === 0 && /"path": "\/[^"]*"/.test(through.stdout);
  out(`envoy:smoke: ${reached ? 'ok' : 'FAILED'}: a request through the TLS listener reaches the app (${through.stdout.trim() || through.stderr.trim()})`);

  // 2. Egress: the target's host points at a TLS stub upstream whose throwaway CA the Envoy image trusts.
  const worker = manifest.worker;
  const [targetName, target] = Object.entries(worker.ports.egress as Record<string, { port: number; host: string }>)[0];
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=smoke-ca', '-days', '1', '-keyout', file('ca.key'), '-out', file('ca.crt'), '-addext', 'basicConstraints=critical,CA:TRUE');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${target.host}`, '-keyout', file('up.key'), '-out', file('up.csr'));
  fs.writeFileSync(file('san.ext'), `subjectAltName=DNS:${target.host}\n`);
  openssl('x509', '-req', '-in', file('up.csr'), '-CA', file('ca.crt'), '-CAkey', file('ca.key'), '-CAcreateserial', '-days', '1', '-extfile', file('san.ext'), '-out', file('up.crt'));
  cleanup.push(`${id}-upstream`);
  docker('run', '-d', '--name', `${id}-upstream`, '-v', `${work}:/smoke:ro`, STUB_IMAGE, 'python', '/smoke/stub.py', '443', '/smoke/up.crt', '/smoke/up.key');
  const upstreamIp = docker('inspect', '-f', '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}', `${id}-upstream`);
  const bundle = docker('run', '--rm', worker.image, 'cat', '/etc/ssl/certs/ca-certificates.crt');
  fs.writeFileSync(file('ca-bundle.crt'), `${bundle}\n${fs.readFileSync(file('ca.crt'), 'utf8')}`);
  cleanup.push(`${id}-worker`);
  docker(
    'run',
    '-d',
    '--name',
    `${id}-worker`,
    '--add-host',
    `${target.host}:${upstreamIp}`,
    '-v',
    `${file('ca-bundle.crt')}:/etc/ssl/certs/ca-certificates.crt:ro`,
    // Throwaway credentials: the signer needs some; the stub upstream checks only the header's form.
    '-e',
    'AWS_ACCESS_KEY_ID=AKIDSMOKETEST',
    '-e',
    'AWS_SECRET_ACCESS_KEY=smoke-test-not-a-secret',
    worker.image,
    'envoy',
    '--config-yaml',
    JSON.stringify(parse(fs.readFileSync(path.join(GOLDEN, 'worker.yaml'), 'utf8'))),
    '--log-level',
    'info',
    '--disable-hot-restart',
  );
  const workerAdmin = worker.ports.admin;
  waitFor(() => runner('docker', ['exec', `${id}-worker`, '/bin/bash', '-c', envoyReadinessScript(workerAdmin.address, workerAdmin.port, workerAdmin.readinessPath)]).status === 0);
  const signed = runner('docker', ['run', '--rm', '--network', `container:${id}-worker`, 'curlimages/curl:8.11.1', '-s', `http://127.0.0.1:${target.port}/smoke-object`]);
  let seen: { host?: string; authorization?: string } = {};
  try {
    seen = JSON.parse(signed.stdout);
  } catch {
    // Reported below with what came back.
  }
  const sigv4 = /^AWS4-HMAC-SHA256 Credential=AKIDSMOKETEST\//.test(seen.authorization ?? '');
  out(`envoy:smoke: ${sigv4 ? 'ok' : 'FAILED'}: egress "${targetName}" adds a SigV4 Authorization header (${seen.authorization ?? signed.stdout.trim() ?? signed.stderr.trim()})`);
  const host = seen.host === target.host;
  out(`envoy:smoke: ${host ? 'ok' : 'FAILED'}: egress "${targetName}" rewrites the host to ${target.host} (got ${seen.host})`);
  return valid && ready && reached && sigv4 && host ? 0 : 1;
}

/** Polls `check` for up to 30 s. */
function waitFor(check: () => boolean): boolean {
  for (let attempt = 0; attempt < 30; attempt++) {
    if (check()) return true;
    runSync({ program: 'sleep', args: ['1'] });
  }
  return false;
}
