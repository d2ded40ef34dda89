// Wrong: counter[0]++ is three steps — read, add 1, write back. Two workers read the same value,
// both write value + 1, and one addition is lost (the optimiser may even keep the value in a
// register for the whole loop and write it back once, wiping out everything the other worker did).
export function addMany(counter: Int32Array, times: number): void {
	for (let i = 0; i < times; i++) {
		counter[0]++;
	}
}
