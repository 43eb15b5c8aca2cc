import { spawn } from 'child_process';
import * as net from 'net';
import { envoyReadinessScript } from '../../lib/ecs/envoy-sidecar-extension';
import { ecsEnvironment, platformOf } from './ecs-fixture';

/**
 * The Envoy container's health check, run for real: the command string of
 * the synthesized task definition, executed by bash against small servers on
 * 127.0.0.1 that answer the way Envoy's admin /ready does.
 */

const tf = platformOf(ecsEnvironment());
const envoyHealthCheck = () => {
  const containers: Record<string, any>[] = JSON.parse(tf.resource('aws_ecs_task_definition', 'ecs/service-web/task').values.container_definitions);
  return containers.find((c) => c.name === 'envoy')!.healthCheck;
};

interface Admin {
  readonly port: number;
  /** The request head each connection sent, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

/** A TCP server on a random port of 127.0.0.1 that answers each request head with `answer(requestLine)`, or never when it returns undefined. */
async function admin(answer: (requestLine: string) => string | undefined): Promise<Admin> {
  const requests: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let head = '';
    socket.on('data', (chunk) => {
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      requests.push(head.slice(0, end));
      const response = answer(head.slice(0, head.indexOf('\r\n')));
      if (response !== undefined) socket.end(response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const status = (code: number, reason: string) => `HTTP/1.1 ${code} ${reason}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`;

/** Runs the health check command as ECS would (`CMD` = exec form), killed after `limitMs` like ECS's timeout. */
function runCheck(command: readonly string[], limitMs: number): Promise<{ code: number | null; ms: number }> {
  const [kind, executable, ...args] = command;
  expect(kind).toBe('CMD');
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(executable, args, { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, ms: Date.now() - started });
    });
  });
}

/** The synthesized command, pointed at `port`: the same text as for the real admin port, only the port differs. */
function commandFor(port: number): string[] {
  const synthesized: string[] = envoyHealthCheck().command;
  const [kind, shell, flag, script] = synthesized;
  expect(script).toBe(envoyReadinessScript('127.0.0.1', 9901, '/ready'));
  const pointed = envoyReadinessScript('127.0.0.1', port, '/ready');
  expect(pointed.split(String(port)).join('9901')).toBe(script);
  return [kind, shell, flag, pointed];
}

describe('Envoy container health check, run with bash', () => {
  const servers: Admin[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  const serve = async (answer: (requestLine: string) => string | undefined) => {
    const server = await admin(answer);
    servers.push(server);
    return server;
  };
  const timeoutMs = () => envoyHealthCheck().timeout * 1000;

  test('GIVEN the synthesized check THEN its read timeout is below the check timeout ECS enforces', () => {
    const [, , , script] = envoyHealthCheck().command;
    const readTimeout = Number(/read -r -t (\d+) /.exec(script)?.[1]);
    expect(readTimeout).toBeGreaterThan(0);
    expect(readTimeout).toBeLessThan(envoyHealthCheck().timeout);
  });

  test('GIVEN an admin that refuses HTTP/1.0 like Envoy (426) and answers /ready 200 THEN the check sends GET /ready HTTP/1.1 with Host and Connection: close, and passes', async () => {
    const server = await serve((line) => (line.endsWith('HTTP/1.0') ? status(426, 'Upgrade Required') : line === 'GET /ready HTTP/1.1' ? status(200, 'OK') : status(404, 'Not Found')));
    const result = await runCheck(commandFor(server.port), timeoutMs());
    expect(server.requests).toHaveLength(1);
    const [requestLine, ...headers] = server.requests[0].split('\r\n');
    expect(requestLine).toBe('GET /ready HTTP/1.1');
    expect(headers).toEqual(expect.arrayContaining([`Host: 127.0.0.1:${server.port}`, 'Connection: close']));
    expect(result.code).toBe(0);
  });

  test.each([
    ['426 Upgrade Required', status(426, 'Upgrade Required')],
    ['503 Service Unavailable (initialising or draining)', status(503, 'Service Unavailable')],
  ])('GIVEN the admin answers %s THEN the check fails', async (_, response) => {
    const server = await serve(() => response);
    const result = await runCheck(commandFor(server.port), timeoutMs());
    expect(server.requests).toHaveLength(1);
    expect(result.code).not.toBe(0);
    expect(result.code).not.toBeNull();
  });

  test('GIVEN nothing listens on the admin port THEN the check fails at once', async () => {
    const result = await runCheck(commandFor(await closedPort()), timeoutMs());
    expect(result.code).not.toBe(0);
    expect(result.code).not.toBeNull();
    expect(result.ms).toBeLessThan(2000);
  });

  test('GIVEN an admin that accepts but never answers THEN the check fails by itself before ECS would kill it', async () => {
    const server = await serve(() => undefined);
    const result = await runCheck(commandFor(server.port), timeoutMs());
    expect(server.requests).toHaveLength(1);
    // null would mean killed at the ECS timeout rather than failing on its own read timeout.
    expect(result.code).not.toBeNull();
    expect(result.code).not.toBe(0);
    expect(result.ms).toBeLessThan(timeoutMs());
  }, 10_000);

  test('GIVEN a path or address that would break out of the printf format THEN building the script is refused', () => {
    expect(() => envoyReadinessScript('127.0.0.1', 9901, "/ready'; rm -rf /; '")).toThrow(/path: expected a plain absolute path such as \/ready/);
    expect(() => envoyReadinessScript('localhost', 9901, '/ready')).toThrow(/address: expected an IPv4 address/);
  });
});
