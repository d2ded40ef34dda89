// One ticket checker, two queues. Everything runs on the main thread's event loop.
//
// `check(person)` checks one ticket. It is asynchronous (think: a scanner that answers later);
// the checker is busy with that person until the promise it returns settles.

export type CheckTicket = (person: string) => Promise<void>;

export async function serveOneChecker(vip: string[], regular: string[], check: CheckTicket): Promise<void> {
	throw new Error('not written yet');
}
