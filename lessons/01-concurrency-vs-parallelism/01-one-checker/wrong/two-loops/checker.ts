// WRONG: two checkers. Each queue gets its own async loop and both loops run at once, so a VIP and a
// regular are being checked at the same time. The order even looks alternating, but there is one
// checker in the theatre, not two: at most one check may be in progress.

export type CheckTicket = (person: string) => Promise<void>;

async function serveQueue(queue: string[], check: CheckTicket): Promise<void> {
	for (const person of queue) await check(person);
}

export async function serveOneChecker(vip: string[], regular: string[], check: CheckTicket): Promise<void> {
	await Promise.all([serveQueue(vip, check), serveQueue(regular, check)]);
}
