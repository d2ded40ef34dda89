// Run hash-child.ts in a child process, send it the text, and return its digest and the child's pid.

export interface ChildAnswer {
	digest: string;
	pid: number;
}

export async function hashInChild(text: string): Promise<ChildAnswer> {
	throw new Error('not written yet');
}
