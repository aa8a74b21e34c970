import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { HYGIENE_HEADERS } from '../electron/core/share/server-headers';

export interface NginxServer {
  baseUrl: string;
  /** CPU time (user + system, µs) the master and its workers have used so far, from /proc. */
  cpuMicros(): Promise<number>;
  stop(): Promise<void>;
}

/** utime + stime of a process and its children (nginx's workers), in µs; clock ticks are 10 ms on Linux here. */
async function processTreeCpuMicros(pid: number): Promise<number> {
  const TICK_US = 10_000;
  let total = 0;
  for (const entry of await fsp.readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await fsp.readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // Fields after the command name (which may hold spaces): state ppid … utime(14) stime(15), counted from 1.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(entry) === pid || Number(fields[1]) === pid) total += (Number(fields[11]) + Number(fields[12])) * TICK_US;
  }
  return total;
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * nginx from the Debian package serving `files` (name → bytes) from a temp folder on 127.0.0.1: a
 * child process in the foreground (daemon off), one worker like the share server's one thread, the
 * package's defaults otherwise (sendfile, an access log written per request), plus the share server's
 * hygiene headers so both answers carry about the same header bytes.
 */
export async function startNginx(files: Record<string, Buffer>, binary = '/usr/sbin/nginx'): Promise<NginxServer> {
  // Its own folder, world-readable: started as root, nginx's workers run as nobody.
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'strongroom-bench-nginx-'));
  const www = path.join(dir, 'www');
  await fsp.mkdir(path.join(dir, 'temp'), { recursive: true });
  await fsp.mkdir(www, { recursive: true });
  await fsp.chmod(dir, 0o755);
  await fsp.chmod(www, 0o755);
  for (const [name, data] of Object.entries(files)) await fsp.writeFile(path.join(www, name), data, { mode: 0o644 });
  const port = await freePort();
  const headers = Object.entries(HYGIENE_HEADERS)
    .map(([name, value]) => `      add_header ${name} "${value}" always;`)
    .join('\n');
  const temp = (name: string) => `${name}_temp_path ${path.join(dir, 'temp', name)};`;
  const conf = `worker_processes 1;
daemon off;
pid ${path.join(dir, 'nginx.pid')};
error_log ${path.join(dir, 'error.log')} warn;
events { worker_connections 4096; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 10000000;
  access_log ${path.join(dir, 'access.log')};
  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}
  server {
    listen 127.0.0.1:${port};
    root ${www};
    location / {
${headers}
    }
  }
}
`;
  const confFile = path.join(dir, 'nginx.conf');
  await fsp.writeFile(confFile, conf);
  const child: ChildProcess = spawn(binary, ['-e', path.join(dir, 'error.log'), '-p', dir, '-c', confFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;
  // Up when it answers.
  for (let i = 0; ; i += 1) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
    try {
      const res = await fetch(`${baseUrl}/${Object.keys(files)[0]}`);
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (i > 100) {
      child.kill('SIGKILL');
      const log = await fsp.readFile(path.join(dir, 'error.log'), 'utf8').catch(() => '');
      throw new Error(`nginx did not start: ${stderr}${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    baseUrl,
    cpuMicros: () => processTreeCpuMicros(child.pid!),
    stop: async () => {
      child.kill('SIGQUIT');
      await exited;
      await fsp.rm(dir, { recursive: true, force: true });
    },
  };
}
