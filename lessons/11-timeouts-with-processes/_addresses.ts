// The grader's side of the lab resolver's addresses (lessons/_lab/fake-resolver.ts keeps them to itself,
// so that no learner can read an answer off the lab): the same FNV-1a hash and the same formula. A salt
// (saltAddresses, or CONC_TUTOR_LAB_SALT in a resolver process's environment) gives every name another address.
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

export function addressOf(name: string, salt = ''): string {
	const h = hash(salt ? `${salt}\u0000${name}` : name);
	return `10.${(h >>> 8) & 255}.${(h >>> 16) & 255}.${1 + ((h >>> 24) % 254)}`;
}

/** A run's salt, from its seed: the learner's code sees neither. */
export const saltOf = (seed: number) => `run-${(Math.imul(seed ^ 0x5a17, 0x9e3779b1) >>> 0).toString(36)}`;
