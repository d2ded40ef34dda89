// Where log lines go. You do not need to change this file (the grader reads `lines`).
export const lines: string[] = [];

export function write(line: string): void {
	lines.push(line);
}
