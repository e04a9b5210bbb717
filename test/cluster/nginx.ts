/**
 * The README's nginx configuration (deploy/nginx.conf), run unprivileged for the tests: the same
 * site file with the test's loopback ports in place of 2567/2568/443 and plain HTTP in place of
 * TLS, started with `nginx -p <tmpdir> -c <conf>` in the foreground.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The configuration the README tells operators to install. */
export const NGINX_SITE = fileURLToPath(new URL('../../deploy/nginx.conf', import.meta.url));

/** Where Debian installs nginx. */
const NGINX_CANDIDATES = ['/usr/sbin/nginx', '/usr/bin/nginx'];

/** The nginx binary, if installed. */
export function nginxBinary(): string | undefined {
  return NGINX_CANDIDATES.find((path) => existsSync(path));
}

/**
 * The site file for a test: the test's process ports in place of the upstream addresses
 * 127.0.0.1:2567, 2568, … (the /p/<port>/ paths stay as shipped), `listen` on a loopback port over
 * plain HTTP in place of the TLS listeners, no certificates. Everything else as shipped.
 */
export function siteForTest(site: string, listenPort: number, processPorts: readonly number[]): string {
  let text = site;
  processPorts.forEach((port, i) => {
    text = text.replaceAll(`127.0.0.1:${2567 + i}`, `127.0.0.1:${port}`);
  });
  const lines = text.split('\n');
  const out: string[] = [];
  let listened = false;
  for (const line of lines) {
    if (/^\s*listen\s+(\[::\]:)?443\b/.test(line)) {
      if (!listened) out.push(`    listen 127.0.0.1:${listenPort};`);
      listened = true;
      continue;
    }
    if (/^\s*ssl_certificate(_key)?\s/.test(line)) continue;
    out.push(line);
  }
  if (!listened) throw new Error('deploy/nginx.conf has no `listen 443 ssl` line to replace');
  return out.join('\n');
}

/** A running nginx in front of a test deployment. */
export interface RunningNginx {
  url: string;
  /** The access log: one line per request, `<status> <upstream address> <request>`. */
  accessLog(): string;
  close(): Promise<void>;
}

/** Start nginx on `listenPort` with the README's site for the processes on `processPorts`. */
export async function startNginx(listenPort: number, processPorts: readonly number[]): Promise<RunningNginx> {
  const binary = nginxBinary();
  if (!binary) throw new Error('nginx is not installed: apt-get install -y nginx');
  const dir = mkdtempSync(join(tmpdir(), 'vaerdispil-nginx-'));
  // when the tests run as root, nginx's workers run as nobody: they must be able to use the temp paths
  chmodSync(dir, 0o755);
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
    mkdirSync(join(dir, sub));
    chmodSync(join(dir, sub), 0o777);
  }
  writeFileSync(join(dir, 'vaerdispil.conf'), siteForTest(readFileSync(NGINX_SITE, 'utf8'), listenPort, processPorts));
  writeFileSync(
    join(dir, 'nginx.conf'),
    [
      'worker_processes 1;',
      `pid ${join(dir, 'nginx.pid')};`,
      `error_log ${join(dir, 'error.log')} warn;`,
      'events { worker_connections 512; }',
      'http {',
      `  log_format upstreams '$status $upstream_addr $request';`,
      `  access_log ${join(dir, 'access.log')} upstreams;`,
      `  client_body_temp_path ${join(dir, 'body')};`,
      `  proxy_temp_path ${join(dir, 'proxy')};`,
      `  fastcgi_temp_path ${join(dir, 'fastcgi')};`,
      `  uwsgi_temp_path ${join(dir, 'uwsgi')};`,
      `  scgi_temp_path ${join(dir, 'scgi')};`,
      `  include ${join(dir, 'vaerdispil.conf')};`,
      '}',
      '',
    ].join('\n'),
  );
  const check = spawnSync(binary, ['-t', '-p', dir, '-c', join(dir, 'nginx.conf')], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`nginx -t refused the configuration:\n${check.stderr}`);
  const child: ChildProcess = spawn(binary, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const url = `http://127.0.0.1:${listenPort}`;
  // serving once a request through it gets any answer
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
    const answered = await fetch(`${url}/healthz`).then(() => true, () => false);
    if (answered) break;
    if (Date.now() > deadline) throw new Error(`nginx did not answer on ${url}: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    accessLog: () => {
      const file = join(dir, 'access.log');
      return existsSync(file) ? readFileSync(file, 'utf8') : '';
    },
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGQUIT');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
