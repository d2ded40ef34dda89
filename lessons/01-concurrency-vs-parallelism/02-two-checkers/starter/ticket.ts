// Checking one ticket: a slow, purely CPU-bound computation (about 40 ms on a typical core).
// You do not need to change this file.
//
// The stamp of a ticket is code^(2^ROUNDS) mod P, computed the slow way: ROUNDS squarings one after the
// other. The grader knows a shortcut to check a stamp in microseconds, so it can tell that every ticket
// was really checked, and by whom.

export interface Ticket {
	id: string;
	code: number;
}

export interface Stamp {
	id: string;
	stamp: number;
}

export const P = 67108859; // a prime below 2^26: x * x stays exact in a double
export const ROUNDS = 3_000_000;

export function checkTicket(ticket: Ticket): Stamp {
	let x = ticket.code % P;
	for (let i = 0; i < ROUNDS; i++) x = (x * x) % P;
	return { id: ticket.id, stamp: x };
}
