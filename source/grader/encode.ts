// JSON for the sandbox's channel, written without calling anything the solution can replace: no toJSON,
// no prototype lookups, no getters of the grader's own objects. Every built-in used is captured when the
// preload loads, before any learner code runs.
const stringifyPrimitive = JSON.stringify;
const isArray = Array.isArray;
const ownKeys = Reflect.ownKeys;
const getDescriptor = Reflect.getOwnPropertyDescriptor;
const apply = Reflect.apply;
const finite = Number.isFinite;
const hasOwn = Object.hasOwn;
const StringFn = String;

const MAX_DEPTH = 40;

function encodeValue(value: unknown, depth: number): string | undefined {
	switch (typeof value) {
		case 'string':
			return stringifyPrimitive(value);
		case 'number':
			return finite(value) ? StringFn(value) : 'null';
		case 'boolean':
			return value ? 'true' : 'false';
		case 'bigint':
			return stringifyPrimitive(StringFn(value));
		case 'undefined':
		case 'function':
		case 'symbol':
			return undefined;
	}
	if (value === null) return 'null';
	if (depth > MAX_DEPTH) return '"[too deep]"';
	const object = value as object;
	if (isArray(object)) {
		const length = (getDescriptor(object, 'length')?.value as number) ?? 0;
		let out = '[';
		for (let i = 0; i < length; i++) {
			const item = field(object, StringFn(i));
			out += `${i > 0 ? ',' : ''}${encodeValue(item, depth + 1) ?? 'null'}`;
		}
		return `${out}]`;
	}
	let out = '{';
	let first = true;
	for (const key of ownKeys(object)) {
		if (typeof key !== 'string') continue;
		const descriptor = getDescriptor(object, key);
		if (!descriptor || !hasOwn(descriptor, 'enumerable') || !descriptor.enumerable) continue;
		const encoded = encodeValue(field(object, key), depth + 1);
		if (encoded === undefined) continue;
		out += `${first ? '' : ','}${stringifyPrimitive(key)}:${encoded}`;
		first = false;
	}
	return `${out}}`;
}

/** An own property's value: a data property as it is, an accessor through its own getter (the solution's own value). */
function field(object: object, key: string): unknown {
	const descriptor = getDescriptor(object, key);
	if (!descriptor) return undefined;
	// Descriptors are ordinary objects: read only their own fields, never one a prototype could supply.
	if (hasOwn(descriptor, 'value')) return descriptor.value;
	return hasOwn(descriptor, 'get') && descriptor.get ? apply(descriptor.get, object, []) : undefined;
}

/** Like JSON.stringify(value), minus toJSON and anything inherited. */
export function encode(value: unknown): string {
	try {
		return encodeValue(value, 0) ?? 'null';
	} catch {
		return '"[could not be encoded]"';
	}
}
