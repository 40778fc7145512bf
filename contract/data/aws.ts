/**
 * AWS's own data, as the pack bundles it (contract/data/generated, from scripts/generate-cloud-data.js):
 * every IAM action with its access levels and whether it can be scoped to a resource, and what each
 * AWS-managed policy grants. Decoded on first use, not at start-up, so the pack starts as fast as
 * without it; lookups are case-insensitive, as IAM is.
 */
import { unpack } from "./unpack";
import { AWS_ACTIONS_PACKED, AWS_ACTIONS_SOURCE } from "./generated/awsActions";
import { AWS_MANAGED_POLICIES_PACKED, AWS_MANAGED_POLICIES_SOURCE } from "./generated/awsManagedPolicies";

/** Access-level bits, as the Service Authorization Reference names the levels. */
export const ACCESS_LEVEL = { List: 1, Read: 2, Write: 4, "Permissions management": 8, Tagging: 16 } as const;
/** Levels that change something: Write, Permissions management, Tagging. */
export const WRITE_LEVELS = ACCESS_LEVEL.Write | ACCESS_LEVEL["Permissions management"] | ACCESS_LEVEL.Tagging;
const SCOPABLE = 32;
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

export interface ActionInfo {
    /** `service:Name` as AWS spells it. */
    action: string;
    /** Bits of ACCESS_LEVEL. */
    levels: number;
    /** The action can be limited to named resources (it is not `*`-only). */
    scopable: boolean;
}

export const AWS_DATA_SOURCES = { actions: AWS_ACTIONS_SOURCE, managedPolicies: AWS_MANAGED_POLICIES_SOURCE };

/** The packed lines by service, split once; a service's actions are parsed the first time it is asked for. */
let lines: Map<string, string> | undefined;
const parsed = new Map<string, ActionInfo[]>();
let everything: ActionInfo[] | undefined;

function serviceLines(): Map<string, string> {
    if (!lines) {
        lines = new Map();
        for (const line of unpack(AWS_ACTIONS_PACKED).split("\n")) {
            const bar = line.indexOf("|");
            if (bar > 0) lines.set(line.slice(0, bar).toLowerCase(), line);
        }
    }
    return lines;
}

/** One service's published actions, or undefined when AWS publishes no such service. */
function serviceActions(service: string): ActionInfo[] | undefined {
    const key = service.toLowerCase();
    const done = parsed.get(key);
    if (done) return done;
    const line = serviceLines().get(key);
    if (line === undefined) return undefined;
    const bar = line.indexOf("|");
    const name = line.slice(0, bar);
    const list: ActionInfo[] = [];
    for (const item of line.slice(bar + 1).split(" ")) {
        if (item.length < 2) continue;
        const code = ALPHABET.indexOf(item[item.length - 1]);
        list.push({ action: `${name}:${item.slice(0, -1)}`, levels: code & ~SCOPABLE, scopable: (code & SCOPABLE) !== 0 });
    }
    parsed.set(key, list);
    return list;
}

function allParsed(): ActionInfo[] {
    if (!everything) everything = [...serviceLines().keys()].flatMap((s) => serviceActions(s) ?? []);
    return everything;
}

/** The action's data, or undefined for an action AWS does not publish (or a pattern). */
export function actionInfo(action: string): ActionInfo | undefined {
    const lower = action.trim().toLowerCase();
    const colon = lower.indexOf(":");
    if (colon <= 0) return undefined;
    return serviceActions(lower.slice(0, colon))?.find((a) => a.action.toLowerCase() === lower);
}

export function isKnownService(service: string): boolean {
    return serviceLines().has(service.trim().toLowerCase());
}

const expansions = new Map<string, readonly ActionInfo[]>();
const MAX_MEMO = 4_096;

function globRegExp(glob: string): RegExp {
    const body = glob
        .split("")
        .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
        .join("");
    return new RegExp(`^${body}$`, "i");
}

/**
 * The published actions an action or pattern (`iam:Put*`, `iam:*Policy`, `*`) covers; empty for
 * an action AWS does not publish. Memoised: real estates repeat the same patterns.
 */
export function expandAction(pattern: string): readonly ActionInfo[] {
    const key = pattern.trim().toLowerCase();
    const memo = expansions.get(key);
    if (memo) return memo;
    let out: readonly ActionInfo[];
    if (!/[*?]/.test(key)) {
        const info = actionInfo(key);
        out = info ? [info] : [];
    } else {
        const colon = key.indexOf(":");
        const service = colon < 0 ? key : key.slice(0, colon);
        const matcher = globRegExp(colon < 0 && key === "*" ? "*:*" : key);
        const pool = /[*?]/.test(service) ? allParsed() : (serviceActions(service) ?? []);
        out = pool.filter((a) => matcher.test(a.action));
    }
    if (expansions.size >= MAX_MEMO) expansions.clear();
    expansions.set(key, out);
    return out;
}

/** Every published action, for NotAction statements (everything not excluded is granted). */
export function allActions(): readonly ActionInfo[] {
    return allParsed();
}

// ---- AWS-managed policies ----------------------------------------------------------------------

export interface ManagedPolicyData {
    name: string;
    /** `/`, `/job-function/`, `/service-role/`. */
    path: string;
    /** Grants every action, or every IAM permissions-management action (it administers the account). */
    admin: boolean;
    /** Grants through NotAction. */
    notAction: boolean;
    /** Escalation actions it grants. */
    escalation: string[];
    /** Credential-returning actions it grants on every resource. */
    exposure: string[];
    /** How many of its action patterns write. */
    writeCount: number;
    /** The first few of them, for messages. */
    writes: string[];
}

let managed: Map<string, ManagedPolicyData> | undefined;

/** An AWS-managed policy by name (case-insensitive), or undefined when the data does not have it. */
export function awsManagedPolicy(name: string): ManagedPolicyData | undefined {
    if (!managed) {
        managed = new Map();
        const text = unpack(AWS_MANAGED_POLICIES_PACKED);
        const rows = (text ? JSON.parse(text) : []) as [string, string, number, number, string[], string[], number, string[]][];
        for (const [n, path, admin, notAction, escalation, exposure, writeCount, writes] of rows) {
            managed.set(n.toLowerCase(), { name: n, path, admin: admin === 1, notAction: notAction === 1, escalation, exposure, writeCount, writes });
        }
    }
    return managed.get(name.trim().toLowerCase());
}
