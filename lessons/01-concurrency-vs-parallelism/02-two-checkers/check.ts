import { checks, defineExercise } from 'conc-tutor/kit';

// Must match starter/ticket.ts.
const P = 67108859;
const ROUNDS = 3_000_000;

interface Ticket {
	id: string;
	code: number;
}

/** 10–12 tickets per queue (≈ 0.45 s of CPU per checker), codes derived from the seed. */
export function tickets(seed: number): { vip: Ticket[]; regular: Ticket[] } {
	let state = (seed * 2654435761 + 12345) >>> 0;
	const next = () => {
		state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
		return state;
	};
	const queue = (prefix: string, n: number) =>
		Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${seed % 1000}-${i + 1}`, code: 2 + (next() % (P - 3)) }));
	return { vip: queue('V', 10 + (seed % 3)), regular: queue('R', 10 + (Math.floor(seed / 3) % 3)) };
}

function modpow(base: bigint, exponent: bigint, modulus: bigint): bigint {
	let result = 1n;
	let b = base % modulus;
	let e = exponent;
	while (e > 0n) {
		if (e & 1n) result = (result * b) % modulus;
		b = (b * b) % modulus;
		e >>= 1n;
	}
	return result;
}

/** The stamp by the shortcut: code^(2^ROUNDS) = code^(2^ROUNDS mod (P-1)) mod P (Fermat; P is prime). */
const exponent = modpow(2n, BigInt(ROUNDS), BigInt(P - 1));
const stamp = (t: Ticket) => ({ id: t.id, stamp: Number(modpow(BigInt(t.code), exponent, BigInt(P))) });

export default defineExercise({
	limits: { timeoutMs: 8000 },
	async run(ctx) {
		const { serveTwoCheckers } = await ctx.import('theatre.ts');
		const { vip, regular } = tickets(ctx.seed);
		ctx.report('stamps', await serveTwoCheckers(vip, regular));
	},
	checks: [
		checks.equal('every-ticket-once', 'checks every ticket exactly once, each queue in order', 'stamps', (run) => {
			const { vip, regular } = tickets(run.seed);
			return { vip: vip.map(stamp), regular: regular.map(stamp) };
		}),
		checks.workers({ exact: 2 }, { title: 'two checkers: exactly 2 worker threads' }),
		checks.parallelism({ hint: 0 }),
		checks.noLeaks(),
	],
});
