// The streams and environment a command runs with. Commands take them as a value rather than using
// `process` directly, so tests can run a command in-process and read what it printed.

export interface OutStream {
	write(text: string): unknown;
	isTTY?: boolean;
	columns?: number;
}

export interface Io {
	stdout: OutStream;
	stderr: OutStream;
	stdin: { isTTY?: boolean };
	env: NodeJS.ProcessEnv;
	cwd: string;
}

export function processIo(): Io {
	return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };
}
