// WRONG (games the answers): the lab's resolver makes each address from a hash of the name, so this copy
// of that hash answers fast names at once, without asking the resolver; only the others are looked up.
// But the resolver's answers are salted for each run, so a worked-out address is not the one it gives.
import { behaviourOf, lookupAsync } from './lab/fake-resolver.js';

function hash(name: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < name.length; i++) {
		h ^= name.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	h ^= h >>> 13;
	h = Math.imul(h, 0x5bd1e995);
	h ^= h >>> 15;
	return h >>> 0;
}

export async function lookupWithin(name: string, timeoutMs: number, signal?: AbortSignal): Promise<string | null> {
	if (signal?.aborted) throw signal.reason;
	if (behaviourOf(name).kind === 'fast') {
		const salt = process.env.CONC_TUTOR_LAB_SALT ?? '';
		const h = hash(salt ? `${salt}\u0000${name}` : name);
		return `10.${(h >>> 8) & 255}.${(h >>> 16) & 255}.${1 + ((h >>> 24) % 254)}`;
	}
	const timeout = AbortSignal.timeout(timeoutMs);
	const either = signal ? AbortSignal.any([signal, timeout]) : timeout;
	try {
		return await lookupAsync(name, { signal: either });
	} catch (error) {
		if (signal?.aborted) throw error;
		if (timeout.aborted) return null;
		throw error;
	}
}
