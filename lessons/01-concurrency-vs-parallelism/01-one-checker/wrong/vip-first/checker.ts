// WRONG: one check at a time (good), but every VIP goes before any regular: the regular queue
// waits until the VIP queue is empty instead of taking turns.

export type CheckTicket = (person: string) => Promise<void>;

export async function serveOneChecker(vip: string[], regular: string[], check: CheckTicket): Promise<void> {
	for (const person of vip) await check(person);
	for (const person of regular) await check(person);
}
