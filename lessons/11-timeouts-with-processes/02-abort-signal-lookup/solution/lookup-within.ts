import { lookupAsync } from './lab/fake-resolver.js';

/**
 * Looks `name` up with lookupAsync. Resolves with the address, or with null when the lookup takes
 * longer than `timeoutMs`; rejects with the caller's reason when the caller aborts `signal`.
 * A lookup you give up on must be stopped, not just ignored.
 */
export async function lookupWithin(name: string, timeoutMs: number, signal?: AbortSignal): Promise<string | null> {
	const timeout = AbortSignal.timeout(timeoutMs);
	// One signal that aborts when either the caller or the clock says so; the resolver stops on it.
	const either = signal ? AbortSignal.any([signal, timeout]) : timeout;
	try {
		return await lookupAsync(name, { signal: either });
	} catch (error) {
		if (signal?.aborted) throw error; // the caller cancelled: not ours to hide (error is signal.reason)
		if (timeout.aborted) return null; // too slow: fall back
		throw error;
	}
}
