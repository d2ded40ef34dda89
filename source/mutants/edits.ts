// Text edits by position, the way every mutation operator changes a source file: an operator finds nodes
// and returns edits over the original text, never a rewritten AST (comments and formatting stay as written).

export interface Edit {
	/** Offset of the first replaced character in the original text. */
	start: number;
	/** Offset just past the last replaced character. */
	end: number;
	text: string;
}

/** Applies non-overlapping edits to `source` (in any order). */
export function applyEdits(source: string, edits: readonly Edit[]): string {
	const sorted = [...edits].sort((a, b) => a.start - b.start);
	for (let i = 1; i < sorted.length; i++) {
		if (sorted[i]!.start < sorted[i - 1]!.end) throw new Error('overlapping edits');
	}
	let out = '';
	let at = 0;
	for (const edit of sorted) {
		out += source.slice(at, edit.start) + edit.text;
		at = edit.end;
	}
	return out + source.slice(at);
}

/** Offset of a 1-based line and 0-based column (Stryker's locations). */
export function offsetOf(source: string, line: number, column: number): number {
	let offset = 0;
	for (let l = 1; l < line; l++) {
		const next = source.indexOf('\n', offset);
		if (next < 0) return source.length;
		offset = next + 1;
	}
	return offset + column;
}

/** 1-based line of an offset. */
export function lineOf(source: string, offset: number): number {
	let line = 1;
	for (let i = 0; i < offset && i < source.length; i++) if (source.charCodeAt(i) === 10) line++;
	return line;
}
