// Wrong: stores the answer it expects instead of counting: "two workers, so the counter ends at
// 2 × times". It only holds when there are exactly two workers adding the same count.
export function addMany(counter: Int32Array, times: number): void {
	Atomics.store(counter, 0, 2 * times);
}
