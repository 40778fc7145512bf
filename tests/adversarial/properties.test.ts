/**
 * Properties through the served pack's Analyze (not only the parsers): a compliant grant stays
 * compliant under rewrites that do not change what it means, and adding a wildcard or escalation
 * to it always produces a violation. Plus never-throw properties for the parsers that had none
 * (GCP CEL pins, Azure federated subjects, GitHub rulesets, annotation text).
 */
import fc from "fast-check";
import type { AnalyzerInput } from "../../cli/analyzer/protocol";
import { readFederatedCredential, readFlexibleFederatedCredential } from "../../contract/azure/federation";
import { readPins, readTimeBound } from "../../contract/gcp/cel";
import { rulesetGate } from "../../contract/github/gates";
import { readText } from "../../contract/annotations";
import { component, loadPack, mandatory, of, pinClock, resource, type PackHarness } from "../helpers/pack";
import { NOW, T } from "../pack/estate";

let pack: PackHarness;
beforeAll(async () => {
    pinClock(NOW);
    pack = await loadPack();
});
afterAll(() => jest.useRealTimers());

const RUNS = { numRuns: 60 };
const LP = "nhi-least-privilege";
const SA = "nhi-no-standing-access";
const HA = "nhi-human-approval";
const TP = "nhi-trust-pinned";

async function violations(input: AnalyzerInput, ...policies: string[]): Promise<string[]> {
    const result = await pack.analyze(input);
    return policies.flatMap((p) => mandatory(of(result, p)).map((d) => `${p}: ${d.message}`));
}

// ---- AWS ------------------------------------------------------------------------------------

const READ_ACTIONS = ["s3:GetObject", "s3:ListBucket", "dynamodb:Query", "logs:DescribeLogGroups", "bedrock:InvokeModel", "sqs:ReceiveMessage"];
const ESCALATION = ["iam:PassRole", "iam:AttachRolePolicy", "iam:PutRolePolicy", "iam:CreateAccessKey", "sts:AssumeRole", "lambda:UpdateFunctionCode", "iam:*", "*", "iam:Pass*", "s3:*", "*:*"];

interface Stmt {
    actions: string[];
    until: string;
}
const statement = fc.record({
    actions: fc.uniqueArray(fc.constantFrom(...READ_ACTIONS), { minLength: 1, maxLength: 4 }),
    until: fc.constantFrom("2026-03-01T00:00:00Z", "2026-06-01", "2026-06-01T02:00:00+02:00"),
});

/** Rewrites that keep the meaning: element-name case, string vs list, operator spelling, Effect case, text vs object, order. */
const rewrite = fc.record({
    keyCase: fc.constantFrom<"canonical" | "lower" | "upper">("canonical", "lower", "upper"),
    singleAsString: fc.boolean(),
    operator: fc.constantFrom("DateLessThan", "DateLessThanEquals", "DateLessThanIfExists", "ForAnyValue:DateLessThan"),
    effect: fc.constantFrom("Allow", "allow", "ALLOW", " Allow "),
    asText: fc.boolean(),
    single: fc.boolean(),
    reverse: fc.boolean(),
    withDeny: fc.boolean(),
});
type Rewrite = typeof rewrite extends fc.Arbitrary<infer R> ? R : never;

function docOf(statements: Stmt[], r: Rewrite, extra?: { at: number; action: string }): unknown {
    const k = (name: string) => (r.keyCase === "lower" ? name.toLowerCase() : r.keyCase === "upper" ? name.toUpperCase() : name);
    const list = statements.map((s, i) => {
        const actions = extra && extra.at % statements.length === i ? [...s.actions, extra.action] : s.actions;
        return {
            [k("Effect")]: r.effect,
            [k("Action")]: r.singleAsString && actions.length === 1 ? actions[0] : actions,
            [k("Resource")]: "*",
            [k("Condition")]: { [r.operator]: { "aws:CurrentTime": r.operator.startsWith("ForAnyValue") ? [s.until] : s.until } },
        };
    });
    if (r.withDeny) list.push({ [k("Effect")]: "Deny", [k("Action")]: "iam:*", [k("Resource")]: "*" } as any);
    if (r.reverse) list.reverse();
    const doc = { Version: "2012-10-17", [k("Statement")]: r.single && list.length === 1 ? list[0] : list };
    return r.asText ? JSON.stringify(doc) : doc;
}

const grantIn = (policy: unknown) => resource({ type: T.rolePolicy, name: "g", parent: component("tool"), props: { role: "tool", policy } });

describe("AWS grants through Analyze", () => {
    test("a compliant grant stays compliant under meaning-preserving rewrites", async () => {
        await fc.assert(
            fc.asyncProperty(fc.array(statement, { minLength: 1, maxLength: 4 }), rewrite, async (statements, r) => {
                expect(await violations(grantIn(docOf(statements, r)), LP, SA)).toEqual([]);
            }),
            RUNS,
        );
    });
    test("adding a wildcard or escalation action, in any case, always violates least privilege", async () => {
        const caseOf = fc.constantFrom((s: string) => s, (s: string) => s.toUpperCase(), (s: string) => s.toLowerCase());
        await fc.assert(
            fc.asyncProperty(fc.array(statement, { minLength: 1, maxLength: 4 }), rewrite, fc.constantFrom(...ESCALATION), caseOf, fc.nat(), async (statements, r, action, spell, at) => {
                const out = await violations(grantIn(docOf(statements, r, { at, action: spell(action) })), LP);
                expect(out.length).toBeGreaterThan(0);
            }),
            RUNS,
        );
    });
    test("removing the end of any one statement always violates standing access", async () => {
        await fc.assert(
            fc.asyncProperty(fc.array(statement, { minLength: 1, maxLength: 4 }), rewrite, fc.nat(), async (statements, r, at) => {
                const doc = docOf(statements, { ...r, asText: false, withDeny: false }) as any;
                const list = Object.values(doc).find((v) => typeof v === "object") as any;
                const target = Array.isArray(list) ? list[at % list.length] : list;
                for (const key of Object.keys(target)) if (key.toLowerCase() === "condition") delete target[key];
                expect((await violations(grantIn(r.asText ? JSON.stringify(doc) : doc), SA)).length).toBeGreaterThan(0);
            }),
            RUNS,
        );
    });
});

// ---- GCP ------------------------------------------------------------------------------------

const BOUND = 'request.time < timestamp("2026-06-01T00:00:00Z")';
const MIRRORED = 'timestamp("2026-06-01T00:00:00Z") > request.time';
const NEUTRAL = ['resource.name.startsWith("projects/_/buckets/docs")', 'resource.type == "storage.googleapis.com/Bucket"', "true", '(true || false)'];
const member = (expression: string, role = "roles/storage.objectViewer") =>
    resource({ type: "gcp:projects/iAMMember:IAMMember", name: "m", parent: component("tool", "gcp"), props: { project: "p", role, member: "serviceAccount:t@p.iam.gserviceaccount.com", condition: { title: "t", expression } } });

describe("GCP conditions through Analyze", () => {
    const conjunction = fc.record({
        bound: fc.constantFrom(BOUND, MIRRORED, `(${BOUND})`, BOUND.replace(/ /g, "  ").replace("<", " < ")),
        others: fc.array(fc.constantFrom(...NEUTRAL), { maxLength: 3 }),
        at: fc.nat(),
        parens: fc.boolean(),
    });
    const build = (c: { bound: string; others: string[]; at: number; parens: boolean }) => {
        const parts = [...c.others];
        parts.splice(c.at % (parts.length + 1), 0, c.bound);
        const e = parts.join(" && ");
        return c.parens ? `(${e})` : e;
    };
    test("a bounded condition stays bounded under reordering, parentheses, spacing and added conjuncts", async () => {
        await fc.assert(
            fc.asyncProperty(conjunction, async (c) => {
                expect(await violations(member(build(c)), SA)).toEqual([]);
            }),
            RUNS,
        );
    });
    test("adding `|| <anything>` at the top level always makes the grant standing", async () => {
        await fc.assert(
            fc.asyncProperty(conjunction, fc.constantFrom(...NEUTRAL, "false", 'request.time > timestamp("2020-01-01T00:00:00Z")'), fc.boolean(), async (c, other, before) => {
                const e = before ? `${other} || ${build(c)}` : `${build(c)} || ${other}`;
                expect((await violations(member(e), SA)).length).toBeGreaterThan(0);
            }),
            RUNS,
        );
    });
    test("granting a basic role instead always violates least privilege", async () => {
        await fc.assert(
            fc.asyncProperty(conjunction, fc.constantFrom("roles/owner", "roles/editor", " roles/owner"), async (c, role) => {
                expect((await violations(member(build(c), role), LP)).length).toBeGreaterThan(0);
            }),
            { numRuns: 20 },
        );
    });
});

// ---- Azure and GitHub -------------------------------------------------------------------------

const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/);

describe("Azure federated subjects through Analyze", () => {
    const federated = (subject: string) =>
        resource({
            type: "azure-native:managedidentity:FederatedIdentityCredential",
            name: "fic",
            parent: component("tool", "azure"),
            props: { resourceName: "id", issuer: "https://token.actions.githubusercontent.com", subject, audiences: ["api://AzureADTokenExchange"] },
        });
    test("a pinned environment subject passes; a wildcard anywhere in it fails", async () => {
        await fc.assert(
            fc.asyncProperty(name, name, name, fc.nat(), fc.constantFrom("*", "?"), async (owner, repo, env, at, wild) => {
                const subject = `repo:${owner}/${repo}:environment:${env}`;
                expect(await violations(federated(subject), TP)).toEqual([]);
                const i = at % (subject.length + 1);
                expect((await violations(federated(subject.slice(0, i) + wild + subject.slice(i)), TP)).length).toBeGreaterThan(0);
            }),
            { numRuns: 40 },
        );
    });
});

describe("GitHub rulesets through Analyze", () => {
    const goodRuleset = { target: "branch", enforcement: "active", rules: { pullRequest: { requiredApprovingReviewCount: 1 } } };
    const human = fc.record({ actorType: fc.constantFrom("Team", "RepositoryRole", "OrganizationAdmin"), actorId: fc.nat({ max: 99 }), bypassMode: fc.constantFrom("always", "pullRequest", "exempt") });
    const spell = fc.constantFrom((s: string) => s, (s: string) => s.toUpperCase(), (s: string) => s.toLowerCase());
    const ruleset = (bypassActors: unknown[]) => resource({ type: "github:index/repositoryRuleset:RepositoryRuleset", name: "rs", props: { ...goodRuleset, bypassActors } });
    test("human bypasses and machines limited to pull requests pass; a machine bypass in any other mode, any spelling, fails", async () => {
        await fc.assert(
            fc.asyncProperty(
                fc.array(human, { maxLength: 3 }),
                fc.constantFrom("Integration", "DeployKey", "User"),
                fc.constantFrom("always", "exempt"),
                spell,
                spell,
                fc.nat(),
                async (humans, machine, mode, spellType, spellMode, at) => {
                    const limited = { actorType: spellType(machine), actorId: 7, bypassMode: "pullRequest" };
                    expect(await violations(ruleset([...humans, limited]), HA)).toEqual([]);
                    const actors: unknown[] = [...humans];
                    actors.splice(at % (actors.length + 1), 0, { actorType: spellType(machine), actorId: 7, bypassMode: spellMode(mode) });
                    expect((await violations(ruleset(actors), HA)).length).toBeGreaterThan(0);
                },
            ),
            RUNS,
        );
    });
});

describe("parsers never throw on hostile values", () => {
    const hostile = fc.oneof(fc.anything(), fc.string({ maxLength: 300 }), fc.string({ unit: "binary", maxLength: 100 }));
    const cel = fc.array(fc.constantFrom("request", ".", "time", "<", "<=", ">", "timestamp", "(", ")", '"2026-06-01T00:00:00Z"', "&&", "||", "?", ":", "!", "assertion", "repository", "==", '"acme/app"', "'x'", "//", "[", "]", "r\"x\"", '"""', "\\"), { maxLength: 30 }).map((t) => t.join(" "));
    test("CEL bounds and pins", () => {
        fc.assert(
            fc.property(fc.oneof(hostile, cel), (e) => {
                const bound = readTimeBound(e);
                expect(bound.endsAt === undefined || bound.endProblem === undefined).toBe(true);
                readPins(e);
            }),
            { numRuns: 500 },
        );
    });
    // Without string literals: `"""` ... `"""` would (rightly) swallow the `||` into one string.
    const celNoStrings = fc.array(fc.constantFrom("request", ".", "time", "<", ">", "timestamp", "&&", "!", "assertion", "repository", "==", "true", "1"), { maxLength: 20 }).map((t) => t.join(" "));
    test("CEL: a `||` at the top level never yields an end", () => {
        fc.assert(
            fc.property(celNoStrings, celNoStrings, (a, b) => {
                expect(readTimeBound(`${BOUND} && ${a.replace(/\(|\)|\[|\]/g, "")} || ${b}`).endsAt).toBeUndefined();
            }),
            { numRuns: 300 },
        );
    });
    test("Azure federated credentials, plain and flexible", () => {
        fc.assert(
            fc.property(hostile, hostile, hostile, (a, b, c) => {
                const r = readFederatedCredential(a, b, c);
                expect(r.subjects.length <= 1).toBe(true);
                // A subject is only ever accepted when nothing is wrong with the credential.
                if (r.problems.length === 0) expect(r.subjects).toHaveLength(1);
                readFlexibleFederatedCredential(a, b, c);
            }),
            { numRuns: 500 },
        );
    });
    test("GitHub rulesets: hostile props never throw, never hide a machine bypass", () => {
        fc.assert(
            fc.property(fc.dictionary(fc.constantFrom("target", "enforcement", "rules", "bypassActors", "x"), hostile), (props) => {
                rulesetGate(props);
                const g = rulesetGate({ ...props, target: "branch", bypassActors: [{ actorType: "Integration", actorId: 1, bypassMode: "exempt" }] });
                expect(g.problems.some((p) => /may bypass the ruleset/.test(p))).toBe(true);
            }),
            { numRuns: 300 },
        );
    });
    test("annotation text: a second expires-at never goes unreported", () => {
        const date = fc.date({ min: new Date("2026-01-01"), max: new Date("2099-12-31"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
        const sep = fc.constantFrom(";", "\n", " ", "; ", " owner=x ", ";owner=x ");
        fc.assert(
            fc.property(date, date, sep, fc.constantFrom("expires-at", "EXPIRES-AT", "nhi:expires-at"), (a, b, s, key) => {
                fc.pre(a !== b);
                const r = readText(`${key}=${a}${s}expires-at=${b}`);
                expect(r.problems.filter((p) => p.field === "expiresAt").length).toBeGreaterThan(0);
            }),
            { numRuns: 300 },
        );
    });
});
