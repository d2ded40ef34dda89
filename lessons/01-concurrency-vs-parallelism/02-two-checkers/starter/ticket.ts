// Checking one ticket: a slow, purely CPU-bound computation (about 50 ms on a typical core).
// You do not need to change this file.
//
// The stamp of a ticket is code^(2^ROUNDS) mod N, computed the only way there is: ROUNDS squarings one
// after the other. N is the product of two large primes that only the grader knows (the grader runs its
// own copy of this file, with an N of its own for each run). Knowing them, it can check a stamp in
// microseconds; without them, no shortcut is known (this is a "time-lock puzzle"), so a right stamp
// shows that the work was done.

export interface Ticket {
	id: string;
	code: number;
}

export interface Stamp {
	id: string;
	stamp: number;
}

export const N = 2204415788531893309033396477910348473892301476500815386479n;
export const ROUNDS = 300_000;

export function checkTicket(ticket: Ticket): Stamp {
	let x = BigInt(ticket.code) % N;
	for (let i = 0; i < ROUNDS; i++) x = (x * x) % N;
	return { id: ticket.id, stamp: Number(x % 2n ** 48n) }; // the low 48 bits: a plain number
}
