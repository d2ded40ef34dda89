import { fork, type ChildProcess } from 'node:child_process';

/**
 * A fixed-size pool of child processes, like Python's ProcessPoolExecutor(max_workers=size).
 * Every child runs one task at a time: the task is one IPC message, the answer is the next message back.
 */
export class ProcessPool {
	constructor(
		private readonly file: URL,
		private readonly size: number,
	) {}

	/** Queues one task; resolves with the child's answer. */
	run<T = unknown>(task: unknown): Promise<T> {
		throw new Error('not written yet');
	}

	/** Lets every queued and running task finish, then ends every child; resolves when all have exited. */
	async close(): Promise<void> {
		throw new Error('not written yet');
	}
}

// Keeps the imports used until you write the class.
void fork;
export type { ChildProcess };
