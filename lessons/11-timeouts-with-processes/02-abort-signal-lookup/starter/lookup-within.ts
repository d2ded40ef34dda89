import { lookupAsync } from './lab/fake-resolver.js';

/**
 * Looks `name` up with lookupAsync. Resolves with the address, or with null when the lookup takes
 * longer than `timeoutMs`; rejects with the caller's reason when the caller aborts `signal`.
 * A lookup you give up on must be stopped, not just ignored.
 */
export async function lookupWithin(name: string, timeoutMs: number, signal?: AbortSignal): Promise<string | null> {
	throw new Error('not written yet');
}

void lookupAsync; // you will need it
