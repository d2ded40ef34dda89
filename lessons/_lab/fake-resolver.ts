// The lab's fake host-name resolver: a stand-in for DNS that never touches the network.
//
// Every name behaves the same way every time, decided by a hash of the name:
//   - "fast" names answer after 20-80 ms,
//   - "slow" names answer after 1.5-1.7 s,
//   - "hang" names never answer at all (like a lookup stuck on a dead name server).
// Each name has its own address, "10.x.y.z"; only the resolver tells it (behaviourOf does not). The
// grader salts the addresses for each run (saltAddresses, or CONC_TUTOR_LAB_SALT in a resolver process's
// environment), so an answer cannot be worked out from the name: it has to be looked up.
//
// Two ways to ask, like the two kinds of lookup in real life:
//   lookupBlocking(name)          blocks the calling thread until the answer, like Python's
//                                 socket.gethostbyname(): nothing can interrupt it, not even a timer
//                                 on the same thread. A "hang" name blocks forever.
//   lookupAsync(name, { signal }) returns a promise and never blocks; pass an AbortSignal to give up
//                                 early (it then rejects with signal.reason, the way fetch() does).
//                                 A "hang" name's promise settles only when it is aborted.
// pendingLookups() says how many lookupAsync calls are still working (neither answered nor aborted).
//
// On a slow or busy machine the grader gives lookups a longer time limit, and stretches the "slow"
// names' delay by the same factor (CONC_TUTOR_LAB_PACE, set by the grader; 1 otherwise), so that a slow
// name is always slower than the limit. Fast names stay fast.

export interface Behaviour {
	kind: 'fast' | 'slow' | 'hang';
	/** How long the resolver takes to answer, ms (Infinity for 'hang'). */
	delayMs: number;
}

function hash(name: string): number {
	let h = 0x811c9dc5; // FNV-1a, 32 bits
	for (let i = 0; i < name.length; i++) {
		h ^= name.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	h ^= h >>> 13;
	h = Math.imul(h, 0x5bd1e995);
	h ^= h >>> 15;
	return h >>> 0;
}

/** The grader's stretch of "slow" delays on a busy machine: read when asked, so a child inherits it. */
function pace(): number {
	const value = Number(globalThis.process?.env?.CONC_TUTOR_LAB_PACE);
	return Number.isFinite(value) && value >= 1 ? Math.min(20, value) : 1;
}

/** How the resolver treats `name` (fast, slow or hanging, and how long it takes): the same every time. */
export function behaviourOf(name: string): Behaviour {
	const h = hash(name);
	const roll = h % 4;
	if (roll === 0) return { kind: 'hang', delayMs: Infinity };
	if (roll === 1) return { kind: 'slow', delayMs: Math.round((1500 + ((h >>> 4) % 200)) * pace()) };
	return { kind: 'fast', delayMs: 20 + ((h >>> 4) % 60) };
}

let runSalt = '';

/** The grader's: salts this run's addresses. Kept here, out of reach of the code that looks names up. */
export function saltAddresses(salt: string): void {
	runSalt = salt;
}

/** The answer for `name`: made from the name and the run's salt (read when asked, like the pace). */
function addressOf(name: string): string {
	const salt = runSalt || (globalThis.process?.env?.CONC_TUTOR_LAB_SALT ?? '');
	const h = hash(salt ? `${salt}\u0000${name}` : name);
	return `10.${(h >>> 8) & 255}.${(h >>> 16) & 255}.${1 + ((h >>> 24) % 254)}`;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Blocks this thread until the answer arrives; for a "hang" name, forever. */
export function lookupBlocking(name: string): string {
	const { delayMs } = behaviourOf(name);
	const address = addressOf(name);
	if (delayMs === Infinity) {
		for (;;) Atomics.wait(sleeper, 0, 0); // nobody ever wakes us
	}
	Atomics.wait(sleeper, 0, 0, delayMs);
	return address;
}

let pending = 0;

/** The answer as a promise. Aborting `signal` stops the lookup and rejects with `signal.reason`. */
export function lookupAsync(name: string, options: { signal?: AbortSignal } = {}): Promise<string> {
	const { signal } = options;
	if (signal?.aborted) return Promise.reject(signal.reason);
	const { delayMs } = behaviourOf(name);
	const address = addressOf(name);
	pending++;
	return new Promise<string>((resolve, reject) => {
		let timer: ReturnType<typeof setTimeout> | undefined;
		const onAbort = () => {
			if (timer !== undefined) clearTimeout(timer);
			pending--;
			reject(signal!.reason);
		};
		if (delayMs !== Infinity) {
			timer = setTimeout(() => {
				signal?.removeEventListener('abort', onAbort);
				pending--;
				resolve(address);
			}, delayMs);
		}
		signal?.addEventListener('abort', onAbort, { once: true });
	});
}

/** How many lookupAsync calls are still working: not answered, not aborted. */
export function pendingLookups(): number {
	return pending;
}
