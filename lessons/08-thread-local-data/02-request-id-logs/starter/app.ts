// A tiny order service. Every request runs inside withRequestId(), and the code below never passes
// the id around: log() has to find it by itself. You do not need to change this file.
import { log, withRequestId } from './request-log.js';

export interface Request {
	id: string;
	user: string;
	item: string;
}

/** Slow I/O (a database, say). While one request waits here, others run. */
export interface Store {
	findUser(name: string): Promise<number>;
	saveOrder(userNo: number, item: string): Promise<number>;
}

export function handle(request: Request, store: Store): Promise<number> {
	return withRequestId(request.id, async () => {
		log(`order ${request.item} for ${request.user}`);
		const userNo = await store.findUser(request.user);
		log(`user ${request.user} is #${userNo}`);
		const orderNo = await store.saveOrder(userNo, request.item);
		log(`saved order #${orderNo}`);
		return orderNo;
	});
}
