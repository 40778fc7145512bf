/**
 * The two pieces of Terraform plumbing whose behaviour shows in a bridged data source's output:
 *
 * - Go's `encoding/json` text (the providers build their JSON with `json.Marshal`/`MarshalIndent`),
 *   which differs from `JSON.stringify` only in escaping `<`, `>`, `&`, U+2028 and U+2029;
 * - the order of a `schema.TypeSet` (terraform-plugin-sdk helper/schema/set.go): elements are keyed
 *   by the decimal text of a CRC-32 of their serialization (serialize.go), duplicates collapse to
 *   the first, and `List()` returns them sorted by that text, so "set order" is neither insertion
 *   nor alphabetical order. Providers that append set elements in list order expose it.
 */

const CRC_TABLE = (() => {
    const t = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
        let c = n;
        for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
        t[n] = c >>> 0;
    }
    return t;
})();

/** crc32.ChecksumIEEE of the UTF-8 bytes: `hashcode.String` (non-negative on 64-bit Go). */
export function hashcode(s: string): number {
    let c = 0xffffffff;
    for (const b of Buffer.from(s, "utf8")) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
}

/** `schema.Set.List()`: unique by hash (first wins), ordered by the hash's decimal text. */
export function setList<T>(items: readonly T[], serialize: (item: T) => string): T[] {
    const byCode = new Map<string, T>();
    for (const item of items) {
        const code = String(hashcode(serialize(item)));
        if (!byCode.has(code)) byCode.set(code, item);
    }
    return [...byCode.keys()].sort().map((k) => byCode.get(k) as T);
}

/** `SerializeValueForHash` of a string element (what `HashSchema` hashes for a set of strings). */
export const stringElement = (s: string): string => `${s};`;

/** A set of strings with the SDK's default hash (`HashSchema`): unique, in set order. */
export function stringSet(items: readonly string[]): string[] {
    return setList(items, stringElement);
}

/** A set of strings hashed with `schema.HashString` (the bare string), as some schemas declare. */
export function hashStringSet(items: readonly string[]): string[] {
    return setList(items, (s) => s);
}

/** `SerializeValueForHash` of a nested set of strings: `{a;b;};` in set order. */
export function serializeStringSet(items: readonly string[]): string {
    return `{${stringSet(items).map(stringElement).join("")}};`;
}

/** `SerializeValueForHash` of a list of strings: `(a;b;);` in list order. */
export function serializeStringList(items: readonly string[]): string {
    return `(${items.map(stringElement).join("")});`;
}

/** Go's `json.Marshal` (indent "") or `json.MarshalIndent(v, "", indent)` of plain data. */
export function goJson(value: unknown, indent = ""): string {
    const text = JSON.stringify(value, null, indent || undefined);
    // Only strings can hold these characters in JSON text, so replacing them everywhere is safe.
    return text.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Keys sorted as Go sorts a map's keys when it marshals one (byte order; UTF-16 order agrees for the BMP). */
export function sortedObject<V>(entries: Iterable<[string, V]>): Record<string, V> {
    const out: Record<string, V> = {};
    for (const [k, v] of [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) out[k] = v;
    return out;
}
