// The wire format between the sandbox and the supervisor. The sandbox main thread writes nonce-stamped
// lines to fd 3 (results, lifecycle events); its worker threads write unstamped lines to fd 4 (thread ids,
// messages, lab Mutex events), which the grader treats as information only, never as a result.
export const RESULT_FD = 3;
export const EVENT_FD = 4;
/** Environment variable set only for the sandbox's main process; the preload removes it at once. */
export const ROLE_ENV = 'CONC_TUTOR_SANDBOX_MAIN';
/** Present in the environment of every process the run starts: how the supervisor finds stray ones. */
export const MARKER_ENV = 'CONC_TUTOR_RUN';
export const T0_ENV = 'CONC_TUTOR_T0';
/** A file every process of the run appends its own pid and its children's to, read by the supervisor. */
export const PIDS_ENV = 'CONC_TUTOR_PIDS';
export const HEAP_ENV = 'CONC_TUTOR_HEAP_MB';
/** Where the preload hands its channel to the harness; the harness takes it and deletes it. */
export const CHANNEL_KEY = Symbol.for('conc-tutor.channel');

/** Messages from sandbox to supervisor (fd 3 carries `n`, the nonce). */
export type SandboxMessage =
	| { type: 'event'; event: import('./spec.js').TraceEvent }
	| { type: 'child'; pid: number }
	| { type: 'beat'; t: number; maxGap: number }
	| { type: 'value'; key: string; value: unknown }
	| { type: 'done' }
	| { type: 'threw'; message: string }
	| { type: 'crash'; detail: string; heap?: boolean }
	| { type: 'leaks'; workers: number[] };

/** Lines on fd 4 from worker threads. */
export type WorkerMessage =
	| { type: 'thread'; threadId: number; tid: number; pid: number }
	| { type: 'event'; event: import('./spec.js').TraceEvent };

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
