// Wrong: close() waits only while tasks are queued. Called with every task running and none queued, it
// disconnects the children in the middle of their tasks: those tasks never get their answers.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

interface Job {
	task: unknown;
	resolve: (value: any) => void;
	reject: (error: unknown) => void;
}

/**
 * A fixed-size pool of child processes, like Python's ProcessPoolExecutor(max_workers=size).
 * Every child runs one task at a time: the task is one IPC message, the answer is the next message back.
 */
export class ProcessPool {
	private readonly children: ChildProcess[] = [];
	private readonly idle: ChildProcess[] = [];
	private readonly queue: Job[] = [];
	private readonly current = new Map<ChildProcess, Job>();
	private drained?: () => void;

	constructor(
		private readonly file: URL,
		private readonly size: number,
	) {
		for (let i = 0; i < size; i++) {
			const child = fork(file);
			child.on('message', (answer) => {
				const job = this.current.get(child)!;
				this.current.delete(child);
				job.resolve(answer);
				this.idle.push(child);
				this.dispatch();
			});
			child.on('exit', (code, signal) => {
				// Only expected after close(); a child that dies mid-task fails its task.
				const job = this.current.get(child);
				this.current.delete(child);
				job?.reject(new Error(`child ${child.pid} exited (${signal ?? code}) while running a task`));
			});
			this.children.push(child);
			this.idle.push(child);
		}
	}

	/** Queues one task; resolves with the child's answer. */
	run<T = unknown>(task: unknown): Promise<T> {
		return new Promise<T>((resolve, reject) => {
			this.queue.push({ task, resolve, reject });
			this.dispatch();
		});
	}

	/** Lets every queued and running task finish, then ends every child; resolves when all have exited. */
	async close(): Promise<void> {
		if (this.queue.length > 0) await new Promise<void>((resolve) => (this.drained = resolve));
		await Promise.all(
			this.children.map(async (child) => {
				if (child.exitCode !== null || child.signalCode !== null) return; // already gone
				const exited = once(child, 'exit');
				child.disconnect(); // closes the IPC channel: an idle child has nothing left to do and exits
				await exited;
			}),
		);
	}

	private dispatch(): void {
		while (this.idle.length > 0 && this.queue.length > 0) {
			const child = this.idle.shift()!;
			const job = this.queue.shift()!;
			this.current.set(child, job);
			child.send(job.task as any);
		}
		if (this.queue.length === 0 && this.current.size === 0) this.drained?.();
	}
}
