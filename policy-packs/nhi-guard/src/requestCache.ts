/**
 * Work shared by the policies of one request, so the pack's cost does not grow with its number of
 * policies.
 *
 * @pulumi/policy deserializes a resource's properties again for every policy (9 resource policies
 * per Analyze, 6 stack policies per AnalyzeStack, each over the whole stack), and gives each a
 * fresh copy, so the pack read every resource's facts up to 9 times and built six stack indexes.
 * Caches remove that, all keyed by object identity, so they can never mix two requests:
 *
 * 1. Deserialization is a pure function of the request's protobuf Struct, which the request
 *    message hands out as one cached instance: memoising it per Struct gives every policy of the
 *    request the same plain object, wrapped in an unknown-checking proxy as before. Policies
 *    only read properties (nothing in the pack writes to `props`), so sharing is safe.
 * 2. Facts are a pure function of those properties: memoised per properties object, including the
 *    reader's failure (an unknown value at preview), which is rethrown to every policy that asks.
 * 3. The unknown-checking proxy @pulumi/policy wraps that copy in, once per policy and resource
 *    (and once more for the provider's properties), is made once per copy and kept with it: it
 *    holds no state (its trap reads the target and a path that starts empty and is never changed),
 *    so one proxy per object behaves exactly as a fresh one each time; nested reads still make
 *    their own.
 *
 * The shared copy is also where the pack learns which inputs were secret. The request carries
 * secret markers (`{<sig>: <secret sig>, value}`, the engine's and the SDK's wire form), and
 * @pulumi/policy unwraps them before a validation policy sees the value (its only other form, the
 * `Secret` wrappers of `deserializeProperties(struct, true)`, is for remediations and hidden again
 * by `secretsPreservingProxy`). So the copy is made here, from the Struct's own `toJavaScript()`
 * (a fresh tree nobody else holds), unwrapping markers in place and noting, per container, the keys
 * that held one (`secretKeysOf`): one walk instead of @pulumi/policy's second deep copy. Assets and
 * archives still go through @pulumi/policy's own code, so policies see the same objects as before.
 *
 * The same walk notes whether the copy holds any unknown sentinel (or a key the proxy answers
 * itself). When it holds none, reading it through the proxy can never throw and gives the same
 * values, so the readers read the plain copy (`factsOnce`) and skip the proxy's work (a trap, a
 * path array and a property descriptor per access, and a new proxy per nested object; in-process
 * the Analyze handler went from 45 to 40 µs a request). A copy with an unknown anywhere is still
 * read through the proxy.
 *
 * If @pulumi/policy stops exposing the functions (a future version), nothing is patched and every
 * policy reads its own copy (in its own proxy) again: slower, and secret-marked inputs look like
 * plain ones.
 */
import type { CatalogueEntry } from "../../../contract/catalogue";
import { isUnknown, unproxied, type ResourceFacts } from "../../../contract/facts";

type Deserialize = (struct: object, proxySecrets: boolean) => Record<string, unknown>;

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** Per container of a shared copy: the keys (array indices as strings) whose value was secret. */
const secretKeys = new WeakMap<object, Set<string>>();

/** The keys of `container` (an object or array of a resource's properties) that were marked secret. */
export function secretKeysOf(container: object): ReadonlySet<string> | undefined {
    return secretKeys.get(container);
}

function markSecret(container: object, key: string): void {
    let keys = secretKeys.get(container);
    if (!keys) secretKeys.set(container, (keys = new Set()));
    keys.add(key);
}

/** The keys @pulumi/policy's proxy answers itself (proxy.js): a copy holding one is never read plain. */
const PROXY_KEYS: ReadonlySet<string> = new Set(["__isSpecialProxy", "__getSpecialProxyTarget"]);

/** Shared copies with no unknown value and no proxy key anywhere: reading them plain reads what the proxy would. */
const knownCopies = new WeakSet<object>();

/** Set by the walk in progress when it meets an unknown sentinel or a proxy key (the walk is synchronous). */
let unknownSeen = false;

/** `value` (fresh from toJavaScript) in policy form, changed in place; secret keys noted. */
function plain(value: any, original: Deserialize): any {
    if (value === null || typeof value !== "object") {
        if (isUnknown(value)) unknownSeen = true;
        return value;
    }
    if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) value[i] = child(value, String(i), value[i], original);
        return value;
    }
    const sig = value[SIG_KEY];
    // An asset or archive: @pulumi/policy's own objects, from its own code on a one-value Struct.
    if (sig !== undefined && sig !== SECRET_SIG) return original({ toJavaScript: () => ({ v: value }) }, false).v;
    for (const k of Object.keys(value)) {
        if (PROXY_KEYS.has(k)) unknownSeen = true;
        value[k] = child(value, k, value[k], original);
    }
    return value;
}

/** Member `key` of `container` in policy form: a secret marker unwrapped and noted, then as `plain`. */
function child(container: object, key: string, v: any, original: Deserialize): any {
    if (v !== null && typeof v === "object" && v[SIG_KEY] === SECRET_SIG) {
        markSecret(container, key);
        return plain(v.value, original);
    }
    return plain(v, original);
}

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
    const copies = new WeakMap<object, Shared>();
    module.deserializeProperties = (struct, proxySecrets) => {
        // Remediations (proxySecrets) get wrapped secrets and may be changed: never shared.
        if (proxySecrets || !struct || typeof struct !== "object") return original(struct, proxySecrets);
        let shared = copies.get(struct);
        if (!shared) {
            const raw = (struct as { toJavaScript?: () => Record<string, unknown> }).toJavaScript?.();
            let copy: Record<string, unknown>;
            if (raw && typeof raw === "object") {
                unknownSeen = false;
                copy = plain(raw, original) as Record<string, unknown>;
                if (!unknownSeen) knownCopies.add(copy);
            } else copy = original(struct, false);
            copies.set(struct, (shared = { copy }));
        }
        justDeserialized = shared;
        return shared.copy;
    };
    shareProxies();
    installed = true;
    return true;
}

/** A request's shared copy, and the unknown-checking proxy over it once one is made. */
interface Shared {
    copy: Record<string, unknown>;
    proxy?: unknown;
}

/**
 * The copy deserializeProperties handed out last. @pulumi/policy wraps each copy in its proxy on
 * the next line (server.js), with nothing in between, so the proxy is kept with the copy and no
 * second table is needed; cleared once used, so it keeps nothing alive.
 */
let justDeserialized: Shared | undefined;

type Proxify = (target: unknown) => unknown;

/** One unknown-checking proxy per shared copy (see 3. above); anything else gets a fresh one. */
function shareProxies(): void {
    let module: { unknownCheckingProxy?: Proxify };
    try {
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        module = require("@pulumi/policy/proxy");
    } catch {
        return;
    }
    const original = module.unknownCheckingProxy;
    if (typeof original !== "function") return;
    module.unknownCheckingProxy = (target) => {
        const shared = justDeserialized;
        justDeserialized = undefined;
        if (shared === undefined || shared.copy !== target) return original(target);
        return (shared.proxy ??= original(target));
    };
}

interface Reading {
    facts?: ResourceFacts;
    error?: unknown;
}

const readings = new WeakMap<object, Reading>();

/**
 * The resource's facts, read once per properties object; a reader's error is rethrown each time.
 * A shared copy with no unknown value is read plain (see above); anything else through the proxy.
 */
export function factsOnce(entry: CatalogueEntry, props: Record<string, any>): ResourceFacts {
    const key = unproxied(props);
    if (!key || typeof key !== "object") return entry.read(props);
    let reading = readings.get(key);
    if (!reading) {
        try {
            reading = { facts: entry.read(knownCopies.has(key) ? key : props) };
        } catch (error) {
            reading = { error };
        }
        readings.set(key, reading);
    }
    if ("error" in reading) throw reading.error;
    return reading.facts!;
}
