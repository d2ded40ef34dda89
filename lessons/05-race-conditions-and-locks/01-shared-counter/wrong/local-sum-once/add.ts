// Wrong: counts in a local variable and adds the sum to the shared counter once at the end, with a
// plain +=. The one read-add-write left is still a race (rarely lost, because it is so short), and the
// counter does not move while the worker counts: the additions are not made in the shared counter.
export function addMany(counter: Int32Array, times: number): void {
	let sum = 0;
	for (let i = 0; i < times; i++) sum++;
	counter[0] += sum;
}
