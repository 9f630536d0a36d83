import { execFile, execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Fails, naming the Debian packages, when the e2e suite cannot run here. */
export function requireTools(tools: Record<string, string>): void {
  if (process.getuid?.() !== 0) throw new Error('the e2e suite needs root (network namespaces, port 67)');
  const missing = Object.entries(tools).filter(([cmd]) => {
    try {
      execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length > 0) {
    throw new Error(`missing: ${missing.map(([c, pkg]) => `${c} (Debian ${pkg})`).join(', ')}; apt-get install -y ${[...new Set(missing.map(([, p]) => p))].join(' ')}`);
  }
}

export interface End {
  readonly ns: string;
  readonly ifname: string;
  /** CIDR form, e.g. 10.200.0.1/24. */
  readonly addr?: string;
  readonly mac?: string;
}

/**
 * Network namespaces made by one test file, and everything started in them.
 * `destroy()` kills the processes and deletes the namespaces (which takes
 * their veths with them); it also runs at process exit, and leftovers of an
 * earlier crashed run with the same prefix are removed on creation. Traffic
 * stays inside these namespaces (and, for the management link, on a veth the
 * test made).
 */
export class Topology {
  private readonly namespaces: string[] = [];
  private readonly rootLinks: string[] = [];
  private readonly procs: ChildProcess[] = [];
  private readonly onExit = (): void => this.destroySync();

  private constructor(readonly prefix: string) {
    process.once('exit', this.onExit);
  }

  static async create(prefix: string): Promise<Topology> {
    const t = new Topology(prefix);
    const { stdout } = await run('ip', ['netns', 'list']);
    for (const line of stdout.split('\n')) {
      const name = line.split(' ')[0];
      if (name?.startsWith(`${prefix}-`)) await run('ip', ['netns', 'del', name]).catch(() => undefined);
    }
    const links = await run('ip', ['-o', 'link', 'show']).then((r) => r.stdout, () => '');
    for (const m of links.matchAll(new RegExp(`^\\d+: (${prefix}-[^@:]+)`, 'gm'))) await run('ip', ['link', 'del', m[1] as string]).catch(() => undefined);
    return t;
  }

  /** A namespace `${prefix}-${name}` with lo up; IP forwarding on when asked. */
  async ns(name: string, opts: { forward?: boolean } = {}): Promise<string> {
    const ns = `${this.prefix}-${name}`;
    await run('ip', ['netns', 'add', ns]);
    this.namespaces.push(ns);
    await this.sh(ns, 'ip link set lo up');
    if (opts.forward) await this.sh(ns, 'sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0');
    return ns;
  }

  /** A veth pair between two namespaces ('' for the root namespace), addressed and up. */
  async veth(a: End, b: End): Promise<void> {
    const side = (e: End) => (e.ns ? ['netns', e.ns] : []);
    await run('ip', ['link', 'add', a.ifname, ...side(a), ...(a.mac ? ['address', a.mac] : []), 'type', 'veth', 'peer', 'name', b.ifname, ...side(b), ...(b.mac ? ['address', b.mac] : [])]);
    if (!a.ns) this.rootLinks.push(a.ifname);
    for (const e of [a, b]) {
      const ip = (args: string) => (e.ns ? this.sh(e.ns, `ip ${args}`) : run('sh', ['-c', `ip ${args}`]).then(() => undefined));
      if (e.addr) await ip(`addr add ${e.addr} dev ${e.ifname}`);
      await ip(`link set ${e.ifname} up`);
    }
  }

  /** Runs a shell command in `ns` and returns its stdout; throws with stderr on failure. */
  async sh(ns: string, command: string): Promise<string> {
    try {
      const { stdout } = await run('ip', ['netns', 'exec', ns, 'sh', '-c', command], { maxBuffer: 64 << 20 });
      return stdout;
    } catch (e) {
      const err = e as { stderr?: string; message: string };
      throw new Error(`[${ns}] ${command}: ${err.stderr || err.message}`, { cause: e });
    }
  }

  /** A long-running program in `ns`, stopped by destroy(). */
  spawn(ns: string, cmd: string, args: readonly string[], opts: SpawnOptions = {}): ChildProcess {
    const child = spawn('ip', ['netns', 'exec', ns, cmd, ...args], { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    this.procs.push(child);
    return child;
  }

  async destroy(): Promise<void> {
    process.off('exit', this.onExit);
    for (const p of this.procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    for (const p of this.procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    for (const ns of this.namespaces) {
      // anything still running in the namespace (dhclient daemonizes) goes too
      await run('ip', ['netns', 'pids', ns]).then(
        (r) => r.stdout.split('\n').filter(Boolean).forEach((pid) => process.kill(Number(pid), 'SIGKILL')),
        () => undefined,
      );
      await run('ip', ['netns', 'del', ns]).catch(() => undefined);
    }
    for (const l of this.rootLinks) await run('ip', ['link', 'del', l]).catch(() => undefined);
    this.namespaces.length = 0;
  }

  private destroySync(): void {
    for (const p of this.procs) if (p.exitCode === null) p.kill('SIGKILL');
    for (const ns of this.namespaces) {
      try {
        execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
      } catch {
        /* gone */
      }
    }
  }
}

/** Collects a child's output lines (JSON parsed when possible). */
export function lines(child: ChildProcess): { all: string[]; json: Array<Record<string, unknown>> } {
  const out = { all: [] as string[], json: [] as Array<Record<string, unknown>> };
  let buf = '';
  const take = (d: Buffer): void => {
    buf += d.toString();
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      const l = buf.slice(0, i);
      buf = buf.slice(i + 1);
      out.all.push(l);
      try {
        out.json.push(JSON.parse(l) as Record<string, unknown>);
      } catch {
        /* not JSON */
      }
    }
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  return out;
}
