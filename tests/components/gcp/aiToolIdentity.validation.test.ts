/**
 * Construction errors: every bad declaration fails before any child exists, with one line per
 * problem naming the argument and the fix, all problems at once, and no stack trace.
 */
import * as pulumi from "@pulumi/pulumi";
import { installMocks, MockEstate } from "../../helpers/mocks";
import { dataAgent, EXPIRES, PROJECT } from "./fixtures";
import type { GcpAiToolIdentityArgs as AiToolIdentityArgs } from "../../../components/gcp/aiToolIdentity";

type Module = typeof import("../../../components/gcp/aiToolIdentity");
let AiToolIdentity: Module["GcpAiToolIdentity"];
let estate: MockEstate;

beforeAll(async () => {
    estate = await installMocks({ preview: true });
    ({ GcpAiToolIdentity: AiToolIdentity } = require("../../../components/gcp/aiToolIdentity") as Module);
});

let counter = 0;
/** The problem lines of a construction that must fail. */
function problemsOf(args: unknown, name = `bad-agent-${counter++}`): string[] {
    try {
        new AiToolIdentity(name, args as AiToolIdentityArgs);
    } catch (err: any) {
        expect(err.name).toBe("InvalidArgumentsError");
        expect(pulumi.ResourceError.isInstance(err)).toBe(true);
        expect(err.hideStack).toBe(true);
        expect(err.message).toBe(`invalid declaration for "${name}":\n${err.problems.map((p: string) => `  - ${p}`).join("\n")}`);
        return err.problems;
    }
    throw new Error(`expected ${name} to be refused`);
}

const grant = (role: string, scope = `projects/${PROJECT}`) => ({ grants: [{ role, scope }] });
const EXEMPTION = "grant it outside the component and record a pack exemption for `nhi-least-privilege`, so the exception is visible and expires";

describe("AiToolIdentity (GCP) arguments", () => {
    it("accepts the compliant fixture (so every refusal below is caused by its one change)", async () => {
        expect(() => new AiToolIdentity("good", dataAgent())).not.toThrow();
        await estate.settled();
    });

    it("creates no child for a refused declaration", async () => {
        const name = "refused-agent";
        problemsOf(dataAgent({ owner: "" }), name);
        await estate.settled();
        expect(estate.childrenOf(name)).toEqual([]);
    });

    it.each<[string, Partial<AiToolIdentityArgs>, string[]]>([
        ["an e-mail owner", { owner: "alice@example.com" }, ['`owner` "alice@example.com": GCP labels cannot hold an e-mail address; name the accountable team\'s slug (`platform-team`)']],
        ["an owner with a dot", { owner: "data.platform" }, ['`owner` "data.platform": GCP label values hold only lower-case letters, digits, `_` and `-` (at most 63); use a slug such as `platform-team`']],
        ["a tool with a dot", { tool: "claude.code" }, ['`tool` "claude.code": GCP label values hold only lower-case letters, digits, `_` and `-`; drop the `.`, e.g. `claude-code`']],
        ["a date-time expiry", { expiresAt: `${EXPIRES}T12:00:00Z` }, [`\`expiresAt\` "${EXPIRES}T12:00:00Z": GCP labels carry a date only; use \`YYYY-MM-DD\` (the identity ends at midnight UTC starting that day)`]],
        ["a purpose over 100 bytes", { purpose: "é".repeat(51) }, ["`purpose` is 102 bytes, but a service account's `displayName` holds at most 100; shorten it"]],
        ["an invalid account ID", { accountId: "Data_Agent" }, ['`accountId` "Data_Agent" is not a valid service account ID; use 6 to 30 characters: a lower-case letter, then letters, digits or `-`, not ending in `-`']],
        ["a project number as project", { project: "123456789012" }, ['`project` "123456789012" is not a project ID; write the ID (`my-project-123`), not the number or an Output']],
        ["GitHub trust without a project number", { projectNumber: undefined }, ["`projectNumber`: is required with `trust.githubActions` (the principal set names the project by number); pass the project's number as a string"]],
        ["a malformed project number", { projectNumber: "12ab" }, ['`projectNumber` "12ab" is not a project number; write the project\'s digits as a string (`gcloud projects describe <id> --format=\'value(projectNumber)\'`)']],
        ["a reserved pool ID", { workloadIdentityPoolId: "gcp-agents" }, ['`workloadIdentityPoolId` "gcp-agents" is not a valid ID; use 4 to 32 lower-case letters, digits or `-`, not starting with `gcp-`']],
        ["a pool ID without GitHub trust", { trust: { service: "x.googleapis.com" }, workloadIdentityPoolId: "agents" }, ["`workloadIdentityPoolId`: is only used with `trust.githubActions`; remove it", "`trust.service`: GCP has no service principals to trust; use `trust.githubActions`"]],
        ["a service principal", { trust: { service: "bedrock.amazonaws.com" } }, ["`trust.service`: GCP has no service principals to trust; use `trust.githubActions`"]],
        ["impersonation by another service account", { trust: { identity: "runner@acme-ci.iam.gserviceaccount.com" } }, ["`trust.identity`: letting another service account impersonate this one takes `roles/iam.serviceAccountTokenCreator`; grant it outside the component and record a pack exemption for `nhi-least-privilege`, or use `trust.githubActions`"]],
        ["an identity that is not a service account", { trust: { identity: "alice@example.com" } }, ['`trust.identity` "alice@example.com" is not a service account e-mail, and GCP trust in another identity is not made by the component; use `trust.githubActions`']],
        ["a Pub/Sub scope", { grants: [{ role: "roles/pubsub.viewer", scope: "projects/acme-data/topics/events" }] }, ['`grants[0].scope` "projects/acme-data/topics/events": Pub/Sub resources refuse IAM conditions, so a grant there could never end; grant on the project instead, or outside the component with a pack exemption']],
        ["a session shorter than GCP tokens", { maxSessionSeconds: 900 }, ["`maxSessionSeconds` 900: GCP service account tokens last 3600 seconds and the component cannot shorten them; declare 3600 or more"]],
        ["an unknown argument", { roleName: "x" } as any, ["`roleName`: is not an argument of this component; remove it or check its spelling"]],
    ])("refuses %s", (_, overrides, expected) => {
        expect(problemsOf(dataAgent(overrides))).toEqual(expected);
    });

    it.each([
        ["roles/owner", "a basic role (project-wide and far broader than any tool needs)"],
        ["roles/editor", "a basic role (project-wide and far broader than any tool needs)"],
        ["roles/viewer", "a basic role (project-wide and far broader than any tool needs)"],
        ["roles/iam.serviceAccountTokenCreator", "an impersonation role (the tool could act as another service account)"],
        ["roles/iam.serviceAccountUser", "an impersonation role (the tool could act as another service account)"],
        ["roles/iam.workloadIdentityUser", "an impersonation role (the tool could act as another service account)"],
        ["roles/iam.serviceAccountKeyAdmin", "a key-administration role (the tool could mint long-lived keys)"],
        ["roles/iam.serviceAccountAdmin", "an IAM administration role (the tool could grant itself more access)"],
        ["roles/resourcemanager.projectIamAdmin", "an IAM administration role (the tool could grant itself more access)"],
        ["roles/storage.admin", "an administrator role (it includes `setIamPolicy`, so the tool could grant itself more access)"],
    ])("refuses %s with a pointer to an exemption", (role, what) => {
        expect(problemsOf(dataAgent({ access: "admin", ...grant(role) }))).toEqual([`\`grants[0].role\` \`${role}\` is ${what}; ${EXEMPTION}`]);
    });

    it("refuses a role that writes for a read tool, and a custom role it cannot prove read-only", () => {
        expect(problemsOf(dataAgent(grant("roles/storage.objectAdmin", "buckets/acme-exports")))).toEqual([
            '`grants[0].role` `roles/storage.objectAdmin` can write, but `access` is `read`; use a viewer or reader role, or declare `access: "write"`',
        ]);
        expect(problemsOf(dataAgent(grant(`projects/${PROJECT}/roles/dataReader`)))).toEqual([
            `\`grants[0].role\` \`projects/${PROJECT}/roles/dataReader\` is a custom role, which cannot be proven read-only, but \`access\` is \`read\`; use a predefined viewer or reader role, or declare \`access: "write"\``,
        ]);
        expect(() => new AiToolIdentity("writer", dataAgent({ accountId: "writer-agent", access: "write", ...grant("roles/storage.objectAdmin", "buckets/acme-exports") }))).not.toThrow();
    });

    it("refuses AWS-shaped, scopeless, malformed and duplicate grants", () => {
        expect(
            problemsOf(
                dataAgent({
                    grants: [
                        { actions: ["s3:GetObject"], resources: ["*"] } as any,
                        { name: "a", role: "storage.objectViewer", scope: "buckets/acme" },
                        { name: "a", role: "roles/storage.objectViewer", scope: "s3://acme" },
                    ],
                }),
            ),
        ).toEqual([
            "`grants[0].actions`: is for AWS; GCP grants use `role` and `scope`",
            "`grants[0].resources`: is for AWS; GCP grants use `role` and `scope`",
            "`grants[0].role`: is required on GCP; name the role, e.g. `roles/storage.objectViewer`",
            expect.stringMatching(/^`grants\[0\]\.scope`: is required on GCP; name where the role applies: `projects\/<id>`/),
            '`grants[1].role` "storage.objectViewer" is not a role; write `roles/<service>.<role>` or a custom role `projects/<id>/roles/<role>`',
            expect.stringMatching(/^`grants\[2\]\.scope` "s3:\/\/acme" is not a supported scope; use `projects\/<id>`/),
            '`grants[2].name` "a" is also the name of `grants[1]`; give each grant its own name',
        ]);
    });

    it("refuses secret names Secret Manager cannot hold, duplicates, and secrets without a project number", () => {
        expect(problemsOf(dataAgent({ projectNumber: undefined, secrets: [{ name: "vendor.key" }, { name: "x-key" }, { name: "x-key" }] }))).toEqual([
            "`projectNumber`: is required with `trust.githubActions` (the principal set names the project by number); pass the project's number as a string",
            '`secrets[0].name` "vendor.key": Secret Manager IDs hold letters, digits, `_` and `-`; drop the `.`',
            '`secrets[2].name` "x-key" is also the name of `secrets[1]`; give each secret its own name',
        ]);
    });

    it("defaults the account ID to the component's name and says so when that is not a valid ID", () => {
        const { accountId, ...rest } = dataAgent();
        expect(accountId).toBeDefined();
        expect(problemsOf(rest, "AI")).toEqual([
            '`accountId`: the default, the component\'s name "AI", is not a valid service account ID; pass `accountId` (6 to 30 characters: a lower-case letter, then letters, digits or `-`, not ending in `-`)',
        ]);
        expect(() => new AiToolIdentity("named-agent", rest)).not.toThrow();
    });

    it("lists the shared declaration's problems and GCP's together, in one round", () => {
        const problems = problemsOf(dataAgent({ owner: "alice@example.com", expiresAt: "2020-01-01", ...grant("roles/owner") }));
        expect(problems).toEqual([
            expect.stringMatching(/^`expiresAt` 2020-01-01 is in the past/),
            '`owner` "alice@example.com": GCP labels cannot hold an e-mail address; name the accountable team\'s slug (`platform-team`)',
            `\`grants[0].role\` \`roles/owner\` is a basic role (project-wide and far broader than any tool needs); ${EXEMPTION}`,
        ]);
    });

    it("refuses arguments that are not an object", () => {
        expect(problemsOf(undefined)).toEqual(["`args`: is required; pass the tool's declaration (`tool`, `owner`, `purpose`, `expiresAt`, `access`, `trust`)"]);
    });
});
