// WRONG: one check at a time and in the right order, but the last check is started and not awaited
// ("nothing comes after it anyway"): serveOneChecker resolves while that ticket is still being checked.

export type CheckTicket = (person: string) => Promise<void>;

export async function serveOneChecker(vip: string[], regular: string[], check: CheckTicket): Promise<void> {
	const order: string[] = [];
	for (let i = 0; i < Math.max(vip.length, regular.length); i++) {
		if (i < vip.length) order.push(vip[i]!);
		if (i < regular.length) order.push(regular[i]!);
	}
	for (let k = 0; k < order.length; k++) {
		if (k === order.length - 1) void check(order[k]!);
		else await check(order[k]!);
	}
}
