import { createHook } from 'node:async_hooks';

/** Resources whose callbacks run inside a turn of the event loop (promise reactions, microtasks, nextTicks). */
const INSIDE_A_TURN = new Set(['PROMISE', 'Microtask', 'TickObject']);

export interface TurnCounter {
	/** Turns begun since the counter started. */
	now(): number;
	stop(): void;
}

/**
 * Counts the event loop's turns as they begin: each callback the loop itself starts (a timer, an immediate,
 * I/O, a message), not what runs inside one. Work handed on from a callback, or from the promises it
 * settles, happens in the same turn; work that waits for a timer's next look comes turns later, however
 * short the timer and however busy the machine, so "at once" can be judged without a clock. Callbacks of
 * resources made before the counter started are not counted.
 */
export function countTurns(): TurnCounter {
	const loopCallbacks = new Set<number>();
	let turns = 0;
	const hook = createHook({
		init(id, type) {
			if (!INSIDE_A_TURN.has(type)) loopCallbacks.add(id);
		},
		before(id) {
			if (loopCallbacks.has(id)) turns++;
		},
		destroy(id) {
			loopCallbacks.delete(id);
		},
	}).enable();
	return { now: () => turns, stop: () => void hook.disable() };
}

/** One hand-off between a pool and its workers: a task queued, an answer a worker sent, a message posted to a worker. */
export interface Handoff {
	kind: 'queued' | 'answer' | 'post';
	/** The turn of the event loop it happened in (countTurns). */
	turn: number;
}

/**
 * Records, from now until `stop()`, every 'message' a Worker emits on this thread (an answer) and every
 * postMessage to a Worker (a task leaving), each with its turn; `queued()` adds the tasks the grader hands
 * the pool. Installed before the solution makes its workers' calls, on the Worker class the solution uses.
 */
export function watchHandoffs(Worker: typeof import('node:worker_threads').Worker) {
	const turns = countTurns();
	const handoffs: Handoff[] = [];
	let recording = true;
	const emit = Worker.prototype.emit;
	const post = Worker.prototype.postMessage;
	Worker.prototype.emit = function (this: InstanceType<typeof Worker>, event: string | symbol, ...args: unknown[]) {
		if (recording && event === 'message') handoffs.push({ kind: 'answer', turn: turns.now() });
		return emit.call(this, event, ...args);
	};
	Worker.prototype.postMessage = function (this: InstanceType<typeof Worker>, ...args: Parameters<typeof post>) {
		if (recording) handoffs.push({ kind: 'post', turn: turns.now() });
		return post.apply(this, args);
	};
	return {
		handoffs,
		queued(count = 1) {
			for (let i = 0; i < count; i++) if (recording) handoffs.push({ kind: 'queued', turn: turns.now() });
		},
		stop() {
			recording = false;
			turns.stop();
		},
	};
}

/**
 * The first answer after which tasks were waiting and none was posted in the same turn (the worker that
 * answered sat idle until some later callback): how many were waiting, and how many turns later the next
 * post came (Infinity: never). Every answer that finds tasks waiting claims its own post in its turn.
 */
export function idleAfterAnswer(handoffs: Handoff[]): { waiting: number; turnsLate: number } | undefined {
	let queued = 0;
	let posted = 0;
	// Answers of the turn `owedTurn` that found tasks waiting and have not been followed by a post yet.
	let owed = 0;
	let owedTurn = -1;
	let waiting = 0;
	const late = (from: number) => {
		const next = handoffs.slice(from).find((h) => h.kind === 'post');
		return { waiting, turnsLate: next ? next.turn - owedTurn : Number.POSITIVE_INFINITY };
	};
	for (const [i, h] of handoffs.entries()) {
		if (owed > 0 && h.turn !== owedTurn) return late(i);
		if (h.kind === 'queued') queued++;
		else if (h.kind === 'post') {
			posted++;
			if (owed > 0) owed--;
		} else if (queued > posted + owed) {
			if (owed === 0) waiting = queued - posted;
			owedTurn = h.turn;
			owed++;
		}
	}
	return owed > 0 ? late(handoffs.length) : undefined;
}

/** idleAfterAnswer's finding in words, for a pool whose tasks are called `what` ("task", "chunk"). */
export function describeIdle(idle: { waiting: number; turnsLate: number }, what = 'task'): string {
	const later =
		idle.turnsLate === Number.POSITIVE_INFINITY
			? `and no ${what} was handed out after it`
			: `and the next ${what} left ${idle.turnsLate} turn${idle.turnsLate === 1 ? '' : 's'} of the event loop later (after a timer or another callback)`;
	return `a worker answered while ${idle.waiting} ${what}${idle.waiting === 1 ? ' was' : 's were'} waiting, ${later}: hand the next ${what} to the worker that answered in its 'message' handler, not on a later look`;
}
