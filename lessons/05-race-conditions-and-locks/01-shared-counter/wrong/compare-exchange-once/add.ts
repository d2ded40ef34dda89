// Wrong: compareExchange is the right tool, but when it fails (another worker changed the value
// since our load) this code just moves on — that addition is silently dropped. A CAS needs a retry loop.
export function addMany(counter: Int32Array, times: number): void {
	for (let i = 0; i < times; i++) {
		const seen = Atomics.load(counter, 0);
		Atomics.compareExchange(counter, 0, seen, seen + 1);
	}
}
