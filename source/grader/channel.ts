// The wire between the sandbox and the grader, and every message that crosses it. The sandbox's main
// thread writes to fd 3 (results, lifecycle events); its worker threads write to fd 4 (thread ids,
// messages, lab Mutex events). Every line is `<nonce> <json>`: the nonce reaches the sandbox on stdin and
// each worker through environment data before any learner code runs, and is never put inside an object
// (a hook on Object.prototype could see it) nor kept where a heap snapshot could be taken (the preload
// closes those APIs). A line without the nonce on fd 3 ends the run as tampered; on fd 4 it is dropped.
export const RESULT_FD = 3;
export const EVENT_FD = 4;
/** Environment variable set only for the sandbox's main process; the preload removes it at once. */
export const ROLE_ENV = 'CONC_TUTOR_SANDBOX_MAIN';
/** Present in the environment of every process the run starts: how an unisolated run's strays are found. */
export const MARKER_ENV = 'CONC_TUTOR_RUN';
export const T0_ENV = 'CONC_TUTOR_T0';
/** Without isolation: a file every process of the run appends its own pid and its children's to. */
export const PIDS_ENV = 'CONC_TUTOR_PIDS';
export const HEAP_ENV = 'CONC_TUTOR_HEAP_MB';
/** worker_threads environment-data key under which a new worker's preload finds the nonce. */
export const NONCE_DATA_KEY = 'conc-tutor.nonce';
/** Where the preload hands its channel to the harness; the harness takes it and deletes it. */
export const CHANNEL_KEY = Symbol.for('conc-tutor.channel');

/** The line the sandbox reads after the nonce: what to run. */
export interface StartLine {
	checkBundle: string;
	runDir: string;
	seed: number;
	/** Epoch ms the run's times count from. */
	t0: number;
	/** The machine's time factor (≥ 1): budgets inside run() scale with it. */
	factor: number;
}

/** Messages from the sandbox's main thread (fd 3). */
export type SandboxMessage =
	| { type: 'event'; event: import('./spec.js').TraceEvent }
	| { type: 'child'; pid: number }
	| { type: 'beat'; t: number; maxGap: number }
	| { type: 'value'; key: string; value: unknown }
	| { type: 'done' }
	| { type: 'threw'; message: string }
	| { type: 'crash'; detail: string; heap?: boolean }
	| { type: 'leaks'; workers: number[] };

/** Messages from worker threads (fd 4); pid and tid are as seen inside the sandbox. */
export type WorkerMessage =
	| { type: 'thread'; threadId: number; tid: number; pid: number }
	| { type: 'event'; event: import('./spec.js').TraceEvent };

/** `<nonce> <json>`, or undefined when the line does not carry this run's nonce. */
export function parseLine(line: string, nonce: string): unknown {
	if (line.length <= nonce.length || !line.startsWith(nonce) || line[nonce.length] !== ' ') return undefined;
	try {
		return JSON.parse(line.slice(nonce.length + 1));
	} catch {
		return undefined;
	}
}

/** Handed from preload to harness. */
export interface SandboxChannel {
	send(message: SandboxMessage): void;
	now(): number;
	aliveWorkers(): number[];
	/** Child processes this process started (spawn/fork) that have not exited. */
	aliveChildren(): number[];
	/** Sets the epoch (ms) that trace times count from, here and in workers and children started later. */
	setOrigin(origin: number): void;
	/** Reads one line from stdin synchronously (the start line, after the nonce). */
	readLine(): string;
	startRun(): void;
	endRun(): void;
}
