// Wrong, and gaming the measurement: it counts in one go, blocking the loop, but first replaces
// performance.now and Date.now with clocks that barely move, hoping that whatever times the event loop
// sees no gap. The loop is just as frozen; only the clock lies.
import { countPrimes } from './primes.js';

export async function countPrimesBelow(limit: number): Promise<number> {
	let fake = performance.now();
	let fakeDate = Date.now();
	const realNow = performance.now.bind(performance);
	const realDate = Date.now;
	performance.now = () => (fake += 1);
	Date.now = () => (fakeDate += 1);
	try {
		return countPrimes(0, limit);
	} finally {
		// Put the real clocks back once the damage is done (a jump would show otherwise).
		setTimeout(() => {
			performance.now = realNow;
			Date.now = realDate;
		}, 1000);
	}
}
