// Plain single-threaded merge sort on Int32Arrays: you do not need to change this file.

/** Merges the sorted runs src[lo..mid) and src[mid..hi) into dst[lo..hi). */
export function mergeRuns(src: Int32Array, lo: number, mid: number, hi: number, dst: Int32Array): void {
	let i = lo;
	let j = mid;
	let k = lo;
	while (i < mid && j < hi) dst[k++] = src[i]! <= src[j]! ? src[i++]! : src[j++]!;
	while (i < mid) dst[k++] = src[i++]!;
	while (j < hi) dst[k++] = src[j++]!;
}

/** Sorts a[lo..hi) in place (ascending), with a scratch array of its own. */
export function sortRange(a: Int32Array, lo: number, hi: number): void {
	const scratch = new Int32Array(hi - lo);
	const sort = (from: number, to: number) => {
		if (to - from <= 24) {
			for (let i = from + 1; i < to; i++) {
				const v = a[i]!;
				let j = i - 1;
				while (j >= from && a[j]! > v) a[j + 1] = a[j--]!;
				a[j + 1] = v;
			}
			return;
		}
		const mid = (from + to) >>> 1;
		sort(from, mid);
		sort(mid, to);
		// merge into the scratch space, then copy back
		let i = from;
		let j = mid;
		let k = 0;
		while (i < mid && j < to) scratch[k++] = a[i]! <= a[j]! ? a[i++]! : a[j++]!;
		while (i < mid) scratch[k++] = a[i++]!;
		while (j < to) scratch[k++] = a[j++]!;
		a.set(scratch.subarray(0, k), from);
	};
	sort(lo, hi);
}
