// WRONG: alternates one at a time, but starts with whichever queue is longer ("the busier queue
// first") instead of with the first VIP. Right only when the VIP queue is at least as long.

export type CheckTicket = (person: string) => Promise<void>;

export async function serveOneChecker(vip: string[], regular: string[], check: CheckTicket): Promise<void> {
	const [first, second] = regular.length > vip.length ? [regular, vip] : [vip, regular];
	for (let i = 0; i < first.length; i++) {
		await check(first[i]!);
		if (i < second.length) await check(second[i]!);
	}
}
