/**
 * Work shared by the policies of one request, so the pack's cost does not grow with its number of
 * policies.
 *
 * @pulumi/policy deserializes a resource's properties again for every policy (9 resource policies
 * per Analyze, 6 stack policies per AnalyzeStack, each over the whole stack), and gives each a
 * fresh copy, so the pack read every resource's facts up to 9 times and built six stack indexes.
 * Two caches remove that, both keyed by object identity, so they can never mix two requests:
 *
 * 1. Deserialization is a pure function of the request's protobuf Struct, which the request
 *    message hands out as one cached instance: memoising it per Struct gives every policy of the
 *    request the same plain object, wrapped in its own unknown-checking proxy as before. Policies
 *    only read properties (nothing in the pack writes to `props`), so sharing is safe.
 * 2. Facts are a pure function of those properties: memoised per properties object, including the
 *    reader's failure (an unknown value at preview), which is rethrown to every policy that asks.
 *
 * If @pulumi/policy stops exposing the function (a future version), nothing is patched and every
 * policy reads its own copy again: slower, never wrong.
 */
import type { CatalogueEntry } from "../../../contract/catalogue";
import { unproxied, type ResourceFacts } from "../../../contract/facts";

type Deserialize = (struct: object, proxySecrets: boolean) => Record<string, unknown>;

let installed = false;

/** Shares one deserialized copy of a request's properties between the pack's policies. */
export function shareDeserialization(): boolean {
    if (installed) return true;
    let module: { deserializeProperties?: Deserialize };
    try {
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        module = require("@pulumi/policy/deserialize");
    } catch {
        return false;
    }
    const original = module.deserializeProperties;
    if (typeof original !== "function") return false;
    const copies = new WeakMap<object, Record<string, unknown>>();
    module.deserializeProperties = (struct, proxySecrets) => {
        // Remediations (proxySecrets) get wrapped secrets and may be changed: never shared.
        if (proxySecrets || !struct || typeof struct !== "object") return original(struct, proxySecrets);
        let copy = copies.get(struct);
        if (!copy) {
            copy = original(struct, false);
            copies.set(struct, copy);
        }
        return copy;
    };
    installed = true;
    return true;
}

interface Reading {
    facts?: ResourceFacts;
    error?: unknown;
}

const readings = new WeakMap<object, Reading>();

/** The resource's facts, read once per properties object; a reader's error is rethrown each time. */
export function factsOnce(entry: CatalogueEntry, props: Record<string, any>): ResourceFacts {
    const key = unproxied(props);
    if (!key || typeof key !== "object") return entry.read(props);
    let reading = readings.get(key);
    if (!reading) {
        try {
            reading = { facts: entry.read(props) };
        } catch (error) {
            reading = { error };
        }
        readings.set(key, reading);
    }
    if ("error" in reading) throw reading.error;
    return reading.facts!;
}
