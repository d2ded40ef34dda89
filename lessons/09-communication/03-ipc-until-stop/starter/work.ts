// What the child does with one item. You do not need to change this file.
/** "hello world" → "11:dlrow olleh" */
export function work(item: string): string {
	return `${item.length}:${[...item].reverse().join('')}`;
}
