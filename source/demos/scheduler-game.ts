// "Be the scheduler": two threads each add 1 to a shared counter, one step at a time, and the learner
// picks which thread takes the next step. Pure state and steps, no workers: this is the model of what
// the race demo's workers do for real, slowed down to one decision per key.
//   unlocked — read, add, write. Goal: find an interleaving that ends with 1 (a lost update); 18 of
//              the 20 do: only running one whole thread after the other ends with 2.
//   locked   — lock, read, add, write, unlock. A thread at "lock" while the other holds it is blocked
//              and cannot step, so only the two serial orders remain; enumerateInterleavings proves
//              that every one ends with 2 and none gets stuck.

export type Program = 'unlocked' | 'locked';
export type Op = 'lock' | 'read' | 'add' | 'write' | 'unlock';
export type ThreadId = 0 | 1;
export const threadIds: readonly ThreadId[] = [0, 1];

export const programs: Record<Program, readonly Op[]> = {
	unlocked: ['read', 'add', 'write'],
	locked: ['lock', 'read', 'add', 'write', 'unlock'],
};

/** What each step does, as shown beside it. */
export const opText: Record<Op, string> = {
	lock: 'lock     (wait until free)',
	read: 'read     counter → reg',
	add: 'add      reg + 1 → reg',
	write: 'write    reg → counter',
	unlock: 'unlock',
};

export interface ThreadState {
	/** Index of the next step in the program; program.length when finished. */
	pc: number;
	/** The thread's local register: undefined until it has read the counter. */
	register?: number;
}

export interface Move {
	thread: ThreadId;
	op: Op;
	/** What the step did, e.g. "thread 1 read 0". */
	text: string;
	/** The value it read, computed or wrote (read, add, write). */
	value?: number;
}

export interface GameState {
	program: Program;
	threads: readonly [ThreadState, ThreadState];
	counter: number;
	/** The thread holding the lock, if any (locked program only). */
	lockOwner?: ThreadId;
	history: readonly Move[];
}

export const threadName = (thread: ThreadId): string => `thread ${thread + 1}`;

export function newGame(program: Program): GameState {
	return { program, threads: [{ pc: 0 }, { pc: 0 }], counter: 0, history: [] };
}

/** The thread's next step, or undefined when it has finished. */
export function nextOp(state: GameState, thread: ThreadId): Op | undefined {
	return programs[state.program][state.threads[thread].pc];
}

export function isFinished(state: GameState, thread?: ThreadId): boolean {
	if (thread === undefined) return threadIds.every((id) => isFinished(state, id));
	return nextOp(state, thread) === undefined;
}

/** True when the thread's next step is "lock" and the other thread holds the lock. */
export function isBlocked(state: GameState, thread: ThreadId): boolean {
	return nextOp(state, thread) === 'lock' && state.lockOwner !== undefined && state.lockOwner !== thread;
}

export function canStep(state: GameState, thread: ThreadId): boolean {
	return !isFinished(state, thread) && !isBlocked(state, thread);
}

/** Why `thread` cannot step now, in words; undefined when it can. */
export function whyNot(state: GameState, thread: ThreadId): string | undefined {
	if (isFinished(state, thread)) return `${threadName(thread)} has finished`;
	if (isBlocked(state, thread)) return `${threadName(thread)} is blocked: ${threadName(state.lockOwner!)} holds the lock`;
	return undefined;
}

/** The state after `thread` takes its next step. A thread that cannot step leaves the state as it is (the same object). */
export function step(state: GameState, thread: ThreadId): GameState {
	if (!canStep(state, thread)) return state;
	const op = nextOp(state, thread)!;
	const me = state.threads[thread];
	let { counter, lockOwner } = state;
	let register = me.register;
	let text: string;
	let value: number | undefined;
	switch (op) {
		case 'lock':
			lockOwner = thread;
			text = `${threadName(thread)} took the lock`;
			break;
		case 'read':
			register = value = counter;
			text = `${threadName(thread)} read ${counter}`;
			break;
		case 'add':
			register = value = (register ?? 0) + 1;
			text = `${threadName(thread)} added 1: reg = ${register}`;
			break;
		case 'write':
			counter = value = register ?? 0;
			text = `${threadName(thread)} wrote ${counter}`;
			break;
		case 'unlock':
			lockOwner = undefined;
			text = `${threadName(thread)} released the lock`;
			break;
	}
	const threads: [ThreadState, ThreadState] = [state.threads[0], state.threads[1]];
	threads[thread] = { pc: me.pc + 1, register };
	return { ...state, threads, counter, lockOwner, history: [...state.history, { thread, op, text, value }] };
}

/** Both threads finished and the counter shows only one of the two increments. */
export function lostUpdate(state: GameState): boolean {
	return isFinished(state) && state.counter < 2;
}

/** Replays a schedule (the thread of each step) from a new game. */
export function play(program: Program, schedule: readonly ThreadId[]): GameState {
	return schedule.reduce<GameState>((state, thread) => step(state, thread), newGame(program));
}

export interface Interleaving {
	schedule: ThreadId[];
	counter: number;
}

/**
 * Every order in which the scheduler can run the two threads' steps, depth first, with the counter
 * each one ends with. Throws if some order gets stuck (no thread can step before both finished),
 * which would be a deadlock: the proof that "locked" always ends with 2 also proves it never sticks.
 */
export function enumerateInterleavings(program: Program): Interleaving[] {
	const found: Interleaving[] = [];
	const explore = (state: GameState, schedule: ThreadId[]) => {
		if (isFinished(state)) {
			found.push({ schedule, counter: state.counter });
			return;
		}
		const runnable = threadIds.filter((thread) => canStep(state, thread));
		if (runnable.length === 0) throw new Error(`stuck after ${schedule.map((t) => t + 1).join('')}: no thread can step`);
		for (const thread of runnable) explore(step(state, thread), [...schedule, thread]);
	};
	explore(newGame(program), []);
	return found;
}

export interface InterleavingSummary {
	total: number;
	/** How many interleavings end with each counter value. */
	endings: Record<number, number>;
}

export function summarize(program: Program): InterleavingSummary {
	const all = enumerateInterleavings(program);
	const endings: Record<number, number> = {};
	for (const { counter } of all) endings[counter] = (endings[counter] ?? 0) + 1;
	return { total: all.length, endings };
}
