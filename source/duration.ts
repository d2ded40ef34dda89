// How long something took, said the same way everywhere: "850 ms" under a second, else seconds to one
// decimal ("2.3 s", "10 s").
export function duration(ms: number): string {
	const value = Math.round(Math.max(0, ms));
	return value < 1000 ? `${value} ms` : `${Math.round(value / 100) / 10} s`;
}
