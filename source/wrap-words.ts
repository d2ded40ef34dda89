// Plain text for the CLI's reports. Not wrap-ansi: it breaks at every space, and the timeline keeps
// groups separated by two spaces (a figure and its unit) together.

/** Greedy wrap of `text` into lines of at most `width`, breaking only between parts split by `separator`. */
export function wrapWords(text: string, width: number, separator = ' '): string[] {
	const out: string[] = [];
	for (const paragraph of text.split('\n')) {
		let line = '';
		for (const part of paragraph.split(separator)) {
			if (line && line.length + separator.length + part.length > width) {
				out.push(line);
				line = part;
			} else line = line ? `${line}${separator}${part}` : part;
		}
		out.push(line);
	}
	return out;
}
