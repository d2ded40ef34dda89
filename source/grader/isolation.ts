// Whether learner code runs isolated, and the bubblewrap command line that isolates it. Inside: the system's
// libraries and Node, read-only; the grader's own built files, read-only; the run's folder, writable; a
// private /tmp; a fresh /proc for a new pid namespace whose init is the sandbox itself (every process of
// the run dies with it, whatever it does with setsid or its environment); no network; and bwrap dies with
// the grader.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, readlinkSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { release } from 'node:os';
import path from 'node:path';
import { packageRoot } from '../paths.js';
import { cacheDir } from './transform.js';

export type IsolationMode = 'bubblewrap' | 'none';

export interface Isolation {
	mode: IsolationMode;
	/** Why there is no isolation, and what to do about it (one sentence), when mode is 'none'. */
	missing?: string;
}

const INSTALL = 'install bubblewrap (Debian/Ubuntu: sudo apt-get install bubblewrap; Fedora: sudo dnf install bubblewrap)';

let detected: Isolation | undefined;

function findBwrap(): string | undefined {
	for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(path.delimiter)) {
		const file = path.join(dir || '.', 'bwrap');
		if (existsSync(file)) return file;
	}
	return undefined;
}

let bwrapPath: string | undefined;

/**
 * Is bubblewrap here, and does it work (some kernels forbid the namespaces it needs)? Probed once per
 * process with a command that does nothing. CONC_TUTOR_ISOLATION=none turns isolation off (for tests).
 */
export function detectIsolation(): Isolation {
	if (process.env.CONC_TUTOR_ISOLATION === 'none') return { mode: 'none', missing: 'isolation was turned off (CONC_TUTOR_ISOLATION=none)' };
	if (detected) return detected;
	if (process.platform !== 'linux') {
		return (detected = { mode: 'none', missing: `learner code is isolated only on Linux (this is ${process.platform}); on Windows, use WSL and ${INSTALL}` });
	}
	bwrapPath = findBwrap();
	if (!bwrapPath) return (detected = { mode: 'none', missing: `bubblewrap is not installed: ${INSTALL}` });
	// The probe costs a process start (~10–40 ms): its answer is kept for this bwrap on this kernel.
	const key = `${bwrapPath}:${statSync(bwrapPath).mtimeMs}:${release()}`;
	const saved = path.join(cacheDir(), 'isolation.json');
	try {
		const known = JSON.parse(readFileSync(saved, 'utf8')) as { key: string; isolation: Isolation };
		if (known.key === key) return (detected = known.isolation);
	} catch {
		// not probed yet
	}
	detected = probe(bwrapPath);
	writeFileSync(saved, JSON.stringify({ key, isolation: detected }), { mode: 0o600 });
	return detected;
}

function probe(bwrapPath: string): Isolation {
	const probe = spawnSync(bwrapPath, [...systemBinds(), '--unshare-pid', '--unshare-net', '--die-with-parent', '--', 'true'], {
		stdio: ['ignore', 'ignore', 'pipe'],
		timeout: 5000,
	});
	if (probe.status !== 0) {
		const why = probe.stderr?.toString().trim().split('\n')[0] || probe.error?.message || `exit ${probe.status}`;
		return { mode: 'none', missing: `bubblewrap cannot create a sandbox on this system (${why}); user namespaces may be disabled` };
	}
	return { mode: 'bubblewrap' };
}

/** One line for a learner when their code is not isolated (undefined when it is). */
export function isolationNotice(): string | undefined {
	const { mode, missing } = detectIsolation();
	if (mode !== 'none') return undefined;
	return `note: your code runs without isolation, with your own rights (${missing}).`;
}

/** The system's programs and libraries, read-only: merged-/usr systems keep /bin and /lib as symlinks. */
function systemBinds(): string[] {
	const args = ['--ro-bind', '/usr', '/usr'];
	for (const dir of ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32']) {
		let stat: ReturnType<typeof lstatSync>;
		try {
			stat = lstatSync(dir);
		} catch {
			continue;
		}
		if (stat.isSymbolicLink()) args.push('--symlink', readlinkSync(dir), dir);
		else args.push('--ro-bind', dir, dir);
	}
	// Only what the loader and Node read from /etc: not passwd, not hosts, nothing of the user's.
	for (const file of ['/etc/ld.so.cache', '/etc/ld.so.conf', '/etc/localtime']) args.push('--ro-bind-try', file, file);
	return args;
}

export interface SandboxMounts {
	/** The grader's built files (harness, preload, kit), read-only. */
	distDir: string;
	/** Where the grader puts the exercise's check bundle, read-only inside. */
	graderDir: string;
	/** The run's own folder: the only writable place besides the private /tmp. */
	workDir: string;
}

/**
 * Folders inside the read-only system binds that hold packages, hidden behind an empty tmpfs: a global
 * install of conc-tutor keeps its lessons (and their reference solutions) under /usr. The grader's own
 * built files are bound back on top.
 */
export function hiddenFolders(packageRoot: string, exists: (dir: string) => boolean = existsSync): string[] {
	const underSystem = (dir: string) => dir.startsWith('/usr/') || /^\/(s?bin|lib(32|64|x32)?)\//.test(dir);
	const globals = ['/usr/lib/node_modules', '/usr/local/lib/node_modules', '/usr/share/nodejs'].filter(exists);
	const own = underSystem(packageRoot) && !globals.some((dir) => packageRoot.startsWith(`${dir}/`)) ? [packageRoot] : [];
	return [...globals, ...own];
}

/** `bwrap … --` for one run; the command follows. */
export function bwrapArgs(mounts: SandboxMounts): string[] {
	const node = realpathSync(process.execPath);
	const args = [bwrapPath ?? 'bwrap', ...systemBinds()];
	for (const dir of hiddenFolders(packageRoot())) args.push('--tmpfs', dir);
	if (!node.startsWith('/usr/')) args.push('--ro-bind', node, node);
	if (process.execPath !== node && !process.execPath.startsWith('/usr/')) args.push('--symlink', node, process.execPath);
	args.push(
		'--dev', '/dev',
		'--proc', '/proc',
		'--tmpfs', '/tmp',
		'--ro-bind', mounts.distDir, mounts.distDir,
		'--ro-bind', mounts.graderDir, mounts.graderDir,
		'--bind', mounts.workDir, mounts.workDir,
		'--chdir', mounts.workDir,
		'--unshare-pid', '--unshare-net', '--unshare-ipc', '--unshare-uts',
		// The sandbox's node is the namespace's init: when it dies (and it dies with bwrap, which dies with
		// us) the kernel ends every process in the namespace. With bwrap's own init in between, that init
		// was seen to outlive its monitor, childless and waiting forever.
		'--die-with-parent', '--new-session', '--as-pid-1',
		'--',
	);
	return args;
}
