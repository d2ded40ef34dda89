// WRONG: the order is right, but `check(person)` is never awaited. Calling an async function only
// starts it: every check is started at once, and serveOneChecker returns before any has finished.

export type CheckTicket = (person: string) => Promise<void>;

export async function serveOneChecker(vip: string[], regular: string[], check: CheckTicket): Promise<void> {
	for (let i = 0; i < Math.max(vip.length, regular.length); i++) {
		if (i < vip.length) check(vip[i]!);
		if (i < regular.length) check(regular[i]!);
	}
}
