// WRONG: alternates correctly while both queues have people, then serves only the VIPs that are left:
// when the regular queue is the longer one, its last people are never checked. A run where the VIP
// queue is longer or both are equal cannot tell this apart from the right answer.

export type CheckTicket = (person: string) => Promise<void>;

export async function serveOneChecker(vip: string[], regular: string[], check: CheckTicket): Promise<void> {
	for (let i = 0; i < vip.length; i++) {
		await check(vip[i]!);
		if (i < regular.length) await check(regular[i]!);
	}
}
