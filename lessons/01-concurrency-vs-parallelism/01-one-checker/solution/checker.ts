// One ticket checker, two queues. Everything runs on the main thread's event loop.
//
// `check(person)` checks one ticket. It is asynchronous (think: a scanner that answers later);
// the checker is busy with that person until the promise it returns settles.

export type CheckTicket = (person: string) => Promise<void>;

export async function serveOneChecker(vip: string[], regular: string[], check: CheckTicket): Promise<void> {
	let v = 0;
	let r = 0;
	// One loop = one checker. Each turn takes the next person from the queue whose turn it is,
	// and waits for that check to finish before taking anyone else.
	let vipTurn = true;
	while (v < vip.length || r < regular.length) {
		const fromVip: boolean = r >= regular.length || (vipTurn && v < vip.length);
		const person = fromVip ? vip[v++]! : regular[r++]!;
		await check(person);
		vipTurn = !fromVip;
	}
}
