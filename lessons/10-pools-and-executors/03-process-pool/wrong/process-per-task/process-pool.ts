// Wrong: forks a brand-new child process for every task (never more than `size` at once) and ends
// it afterwards. The limit holds, but 10 tasks cost 10 process start-ups — a whole Node runtime each,
// ~100 ms of CPU — instead of 2 reused processes.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

interface Job {
	task: unknown;
	resolve: (value: any) => void;
	reject: (error: unknown) => void;
}

export class ProcessPool {
	private readonly queue: Job[] = [];
	private readonly live = new Set<ChildProcess>();
	private running = 0;
	private drained?: () => void;

	constructor(
		private readonly file: URL,
		private readonly size: number,
	) {}

	run<T = unknown>(task: unknown): Promise<T> {
		return new Promise<T>((resolve, reject) => {
			this.queue.push({ task, resolve, reject });
			this.dispatch();
		});
	}

	async close(): Promise<void> {
		if (this.queue.length > 0 || this.running > 0) await new Promise<void>((resolve) => (this.drained = resolve));
		await Promise.all([...this.live].map((child) => once(child, 'exit')));
	}

	private dispatch(): void {
		while (this.running < this.size && this.queue.length > 0) {
			const job = this.queue.shift()!;
			this.running++;
			const child = fork(this.file); // a new process for each task
			this.live.add(child);
			child.once('exit', () => this.live.delete(child));
			child.once('message', (answer) => {
				job.resolve(answer);
				child.disconnect();
				this.running--;
				this.dispatch();
			});
			child.send(job.task as any);
		}
		if (this.queue.length === 0 && this.running === 0) this.drained?.();
	}
}
