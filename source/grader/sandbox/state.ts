// What the sandbox told us about one run, line by line: events, values, heartbeats, and how the run ended.
// Lines are data, never verdicts; a line without the run's nonce ends the run as tampered (fd 3) or is
// dropped (fd 4, which forked children may also inherit).
import { parseLine, type SandboxMessage, type WorkerMessage } from '../channel.js';
import type { Limits, RunEnd, TraceEvent } from '../spec.js';
import type { Threads } from './sampler.js';

const MAX_EVENTS = 100_000;
const FLOOD_FACTOR = 64; // output beyond 64× the kept amount ends the run

export class RunState {
	readonly events: TraceEvent[] = [];
	readonly values: Record<string, unknown> = {};
	end: RunEnd | undefined;
	doneAt: number | undefined;
	leakedWorkers: number[] | undefined;
	crash: { detail: string; heap?: boolean } | undefined;
	runStarted = false;
	lastBeat = 0;
	maxGap = 0;
	lockEvents = false;
	lastLockEvent = 0;
	workersStarted = 0;
	aliveWorkers = 0;
	maxWorkers = 0;
	output = '';
	outputBytes = 0;
	private channelBytes = 0;

	constructor(
		private readonly nonce: string,
		private readonly limits: Limits,
		private readonly now: () => number,
		readonly threads: Threads,
		/** Called when the sandbox reports a child process: the sampler looks for it at once. */
		private readonly onChild: () => void,
	) {}

	finish(end: RunEnd): void {
		this.end ??= end;
	}

	private onEvent(event: TraceEvent): void {
		if (this.events.length < MAX_EVENTS) this.events.push(event);
		if (event.type.startsWith('lock-')) {
			this.lockEvents = true;
			this.lastLockEvent = this.now();
		}
		if (event.type === 'worker-created') {
			this.workersStarted++;
			this.aliveWorkers++;
			this.maxWorkers = Math.max(this.maxWorkers, this.aliveWorkers);
			if (this.workersStarted > this.limits.maxWorkers) {
				this.finish({ kind: 'limit', limit: 'workers', detail: `started more than ${this.limits.maxWorkers} workers (the limit)` });
			}
		} else if (event.type === 'worker-exit') this.aliveWorkers--;
	}

	private countChannel(line: string): void {
		this.channelBytes += line.length + 1;
		if (this.channelBytes > 256 * 1024 * 1024) this.finish({ kind: 'tampered', detail: "flooded the grader's channel" });
	}

	/** A line on fd 3, from the sandbox's main thread. */
	onResultLine(line: string): void {
		this.countChannel(line);
		const message = parseLine(line, this.nonce) as SandboxMessage | undefined;
		if (!message || typeof message.type !== 'string') {
			this.finish({ kind: 'tampered', detail: "a message on the grader's channel (fd 3) did not come from the grader's own code" });
			return;
		}
		switch (message.type) {
			case 'event':
				if (message.event.type === 'run-start') this.runStarted = true;
				this.onEvent(message.event);
				break;
			case 'child':
				this.onChild();
				break;
			case 'beat':
				this.lastBeat = message.t;
				this.maxGap = Math.max(this.maxGap, message.maxGap);
				break;
			case 'value':
				this.values[message.key] = message.value;
				break;
			case 'done':
				this.doneAt = this.now();
				break;
			case 'threw':
				this.finish({ kind: 'threw', message: message.message });
				break;
			case 'crash':
				this.crash = { detail: message.detail, heap: message.heap };
				break;
			case 'leaks':
				this.leakedWorkers = message.workers;
				break;
		}
	}

	/** A line on fd 4, from a worker thread. */
	onWorkerLine(line: string): void {
		this.countChannel(line);
		const message = parseLine(line, this.nonce) as WorkerMessage | undefined;
		if (!message) return;
		if (message.type === 'thread') this.threads.set(message.tid, { threadId: message.threadId, pid: message.pid });
		else if (message.type === 'event' && message.event && typeof message.event.type === 'string') this.onEvent(message.event);
	}

	/** stdout and stderr: the first `outputBytes` kept, a flood ends the run. */
	onOutput(chunk: Buffer): void {
		const keep = this.limits.outputBytes;
		this.outputBytes += chunk.length;
		if (this.output.length < keep) this.output += chunk.toString('utf8', 0, Math.min(chunk.length, keep - this.output.length));
		if (this.outputBytes > keep * FLOOD_FACTOR) {
			this.finish({ kind: 'limit', limit: 'output', detail: `printed more than ${Math.round((keep * FLOOD_FACTOR) / 1048576)} MB of output (the limit)` });
		}
	}

	keptOutput(): string {
		const dropped = this.outputBytes - this.limits.outputBytes;
		return dropped > 0 ? `${this.output}\n… ${dropped} more bytes of output were dropped` : this.output;
	}
}
