/**
 * Data sources through the built CLI, on programs written the way platform teams write them:
 * getPolicyDocument (promise and Output forms, around outputs with interpolate), the caller's
 * account in ARNs, availability zones, an unmodelled data source the program survives, one it
 * cannot run without, and the `--data-source` override that lets it run.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROGRAMS, TINY_PACK, expectOneLine, runCli } from "./../cliHelpers";

const ECHO_PACK = path.join(__dirname, "echo-pack");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nhi-guard-data-sources-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function preview(program: string, extra: string[] = []): { code: number | null; stderr: string; report: any } {
    const out = path.join(tmp, `${program}-${Math.random().toString(36).slice(2)}.json`);
    const run = runCli(["preview", path.join(PROGRAMS, program), "--format", "json", "--output", out, ...extra]);
    return { code: run.code, stderr: run.stderr, report: fs.existsSync(out) ? JSON.parse(fs.readFileSync(out, "utf8")) : undefined };
}

/** The echo pack's findings: each resource's inputs, by name (unknown inputs as "<unknown>"). */
function inputsByName(report: any): Record<string, any> {
    return Object.fromEntries(report.violations.map((v: any) => [`${v.urn.split("::")[2].split("$").pop()}::${v.urn.split("::").pop()}`, JSON.parse(v.message)]));
}

describe("an AWS program built on data sources, as the pack sees it", () => {
    let inputs: Record<string, any>;
    beforeAll(() => {
        const r = preview("data-sources", ["--policy-pack", ECHO_PACK]);
        expect(r.stderr).toBe("");
        expect(r.code).toBe(0);
        inputs = inputsByName(r.report);
    });

    it("hands the role the trust document the provider would emit, with the account from `aws:allowedAccountIds`", () => {
        expect(inputs["aws:iam/role:Role::reviewer"].assumeRolePolicy).toBe(`{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "GithubActionsEnvironment",
      "Effect": "Allow",
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Principal": {
        "Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"
      },
      "Condition": {
        "DateLessThan": {
          "aws:CurrentTime": "${expiry()}T00:00:00Z"
        },
        "StringEquals": {
          "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
          "token.actions.githubusercontent.com:sub": "repo:acme/app:environment:ai-review"
        }
      }
    }
  ]
}`);
    });

    it("computes the promise form too, with the region from `aws:region` in the ARNs", () => {
        const doc = JSON.parse(inputs["aws:iam/rolePolicy:RolePolicy::reviewer-reports"].policy);
        expect(doc.Statement[0]).toMatchObject({
            Sid: "ReadReports",
            Action: ["s3:ListBucket", "s3:GetObject"],
            Resource: ["arn:aws:s3:::reports-111122223333-eu-west-1/*", "arn:aws:s3:::reports-111122223333-eu-west-1"],
        });
    });

    it("answers lookups by name with the account's resource of that name", () => {
        const trust = JSON.parse(inputs["aws:iam/role:Role::docs-writer"].assumeRolePolicy);
        expect(trust.Statement[0].Principal).toEqual({ Federated: "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" });
        expect(JSON.parse(inputs["aws:iam/rolePolicy:RolePolicy::docs-writer-objects"].policy).Statement[0].Resource).toBe("arn:aws:s3:::acme-docs/site/*");
    });

    it("gives availability zones of the configured region, and leaves an unmodelled data source unknown, never its arguments", () => {
        expect(inputs["aws:ec2/subnet:Subnet::runner"]).toEqual({ availabilityZone: "eu-west-1a", cidrBlock: "10.0.1.0/24", vpcId: "<unknown>" });
        expect(inputs["aws:ec2/securityGroup:SecurityGroup::runner"].vpcId).toBe("<unknown>");
    });
});

describe("pinning the account with --data-source", () => {
    it("moves every ARN to the given account: the data sources' and the modelled outputs' alike", () => {
        const caller = path.join(tmp, "caller.json");
        fs.writeFileSync(caller, JSON.stringify({ accountId: "999988887777" }));
        const r = preview("data-sources", ["--policy-pack", ECHO_PACK, "--data-source", `aws:index/getCallerIdentity:getCallerIdentity=${caller}`]);
        expect(r.stderr).toBe("");
        const inputs = inputsByName(r.report);
        const federated = (name: string) => JSON.parse(inputs[`aws:iam/role:Role::${name}`].assumeRolePolicy).Statement[0].Principal.Federated;
        expect(federated("reviewer")).toBe("arn:aws:iam::999988887777:oidc-provider/token.actions.githubusercontent.com");
        // The OIDC provider created in the program: its modelled ARN is in the same account.
        expect(federated("agent")).toBe("arn:aws:iam::999988887777:oidc-provider/token.actions.githubusercontent.com");
        expect(JSON.parse(inputs["aws:iam/rolePolicy:RolePolicy::reviewer-reports"].policy).Statement[0].Resource).toContain("arn:aws:s3:::reports-999988887777-eu-west-1");
    });
});

describe("inventory of a program folder runs it as preview does", () => {
    function inventory(program: string, extra: string[] = []): { code: number | null; stderr: string; text: string } {
        const out = path.join(tmp, `inventory-${program}-${Math.random().toString(36).slice(2)}.json`);
        const run = runCli(["inventory", path.join(PROGRAMS, program), "--format", "json", "--output", out, "--quiet", ...extra]);
        return { code: run.code, stderr: run.stderr, text: fs.existsSync(out) ? fs.readFileSync(out, "utf8") : "" };
    }

    it("takes --data-source: the pinned account is the one in the inventory's grants", () => {
        const caller = path.join(tmp, "inventory-caller.json");
        fs.writeFileSync(caller, JSON.stringify({ accountId: "999988887777" }));
        const pinned = inventory("data-sources", ["--data-source", `aws:index/getCallerIdentity:getCallerIdentity=${caller}`]);
        expect(pinned.stderr).toBe("");
        expect(pinned.text).toContain("arn:aws:s3:::reports-999988887777-eu-west-1");
        expect(pinned.text).not.toContain("111122223333");
        // Without it, the account is the stack config's, as in preview.
        expect(inventory("data-sources").text).toContain("arn:aws:s3:::reports-111122223333-eu-west-1");
    });

    it("runs a program that needs the cloud once the result is given, and names the option when it is not", () => {
        const missing = runCli(["inventory", path.join(PROGRAMS, "needs-cloud"), "--quiet"]);
        expect(missing.code).toBe(3);
        expect(expectOneLine(missing.stderr)).toContain("give it with `--data-source aws:ec2/getVpc:getVpc=FILE.json`");
        const vpc = path.join(tmp, "inventory-vpc.json");
        fs.writeFileSync(vpc, JSON.stringify({ cidrBlock: "172.31.0.0/16", id: "vpc-0a1b2c3d" }));
        const given = inventory("needs-cloud", ["--data-source", `aws:ec2/getVpc:getVpc=${vpc}`]);
        expect(given.stderr).toBe("");
        expect(given.code).toBe(0);
        expect(JSON.parse(given.text)).toMatchObject({ command: "inventory", source: "preview" });
    });

    it("takes --org: the program names its bucket after the organization it is given", () => {
        const urns = (args: string[]) => {
            const r = runCli(["inventory", path.join(PROGRAMS, "esm-mts"), "--policy-pack", TINY_PACK, "--format", "json", "--quiet", ...args]);
            expect(r.stderr).toBe("");
            const inventory = JSON.parse(r.stdout);
            // As in preview, the default stack without a stack file is not worth a note.
            expect(inventory.notes).toEqual([]);
            return inventory.otherFindings.map((f: any) => f.urn);
        };
        expect(urns(["--org", "acme-corp"])).toEqual(["urn:pulumi:dev::esm-mts::aws:s3/bucket:Bucket::acme-corp-index"]);
        expect(urns([])).toEqual(["urn:pulumi:dev::esm-mts::aws:s3/bucket:Bucket::organization-index"]);
    });
});

/** The program's own expiry (60 days from today, UTC), as it computes it. */
function expiry(): string {
    return new Date(Date.now() + 60 * 86400_000).toISOString().slice(0, 10);
}

describe("the same program through the nhi-guard pack", () => {
    let report: any;
    let code: number | null;
    beforeAll(() => {
        ({ report, code } = preview("data-sources"));
    });

    const findings = (name: string) => report.violations.filter((v: any) => v.urn.endsWith(`::${name}`));

    it("passes the compliant getPolicyDocument role on every document check", () => {
        expect(code).toBe(1);
        expect(findings("reviewer")).toEqual([]);
        expect(findings("reviewer-reports")).toEqual([]);
        expect(findings("docs-writer")).toEqual([]);
        expect(findings("docs-writer-objects")).toEqual([]);
        // Only what the stack cannot show: the GitHub environment's reviewers live elsewhere.
        expect(report.unverified.filter((u: any) => /::reviewer(-reports)?$/.test(u.urn)).map((u: any) => u.policy)).toEqual(["nhi-human-approval"]);
    });

    it("catches the wildcard role for the right reasons: a wildcard repository in its trust, every action in its grant", () => {
        expect(findings("agent").filter((v: any) => v.policy === "nhi-trust-pinned").map((v: any) => v.message)).toEqual([
            expect.stringContaining('`token.actions.githubusercontent.com:sub` "repo:acme/*" has a wildcard'),
        ]);
        const grant = findings("agent-everything").map((v: any) => [v.policy, v.message]);
        expect(grant).toContainEqual(["nhi-least-privilege", expect.stringContaining("Action::* in statement #1: a wildcard grants every matching action")]);
        expect(report.violations.some((v: any) => /neither a JSON object/.test(v.message))).toBe(false);
    });

    it("says which data sources were unknown offline instead of passing them silently", () => {
        expect(report.notes).toContainEqual(expect.stringMatching(/^data source `aws:ec2\/getVpc:getVpc` needs the cloud and was unknown offline: .*`--data-source TOKEN=FILE.json`/));
        expect(report.notes).toContainEqual(
            expect.stringMatching(/^data sources `aws:iam\/getOpenIdConnectProvider:getOpenIdConnectProvider`, `aws:s3\/getBucket:getBucket` answered with the account's resource of that name/),
        );
    });
});

describe("Azure and GCP data sources", () => {
    it("take the subscription and project from stack config and compute the IAM policy as the provider does", () => {
        const r = preview("multicloud-data-sources", ["--policy-pack", ECHO_PACK]);
        expect(r.stderr).toBe("");
        const inputs = inputsByName(r.report);
        const assignment = inputs["azure-native:authorization:RoleAssignment::support-agent-reader"];
        expect(assignment.scope).toBe("/subscriptions/5f1c1e33-7b7a-4f63-9d55-2f6f3c0a9e11/resourceGroups/ai-tools");
        expect(assignment.roleDefinitionId).toBe("/subscriptions/5f1c1e33-7b7a-4f63-9d55-2f6f3c0a9e11/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7");
        const policy = inputs["gcp:projects/iAMPolicy:IAMPolicy::analytics"];
        expect(policy.project).toBe("123456789012");
        const member = "serviceAccount:data-agent@acme-analytics.iam.gserviceaccount.com";
        expect(JSON.parse(policy.policyData)).toEqual({
            bindings: [
                {
                    condition: { expression: `request.time < timestamp("${new Date(Date.now() + 30 * 86400_000).toISOString().slice(0, 10)}T00:00:00Z")`, title: "until-expiry" },
                    members: [member],
                    role: "roles/bigquery.dataViewer",
                },
                { members: [member, "user:admin@acme.example"], role: "roles/owner" },
            ],
        });
    });
});

describe("a program that needs a value only the cloud has", () => {
    it("ends with exit 3 naming the data source and the option that lets it run", () => {
        const run = runCli(["preview", path.join(PROGRAMS, "needs-cloud")]);
        expect(run.code).toBe(3);
        expect(expectOneLine(run.stderr)).toBe(
            "nhi-guard: the program could not run without the result of `aws:ec2/getVpc:getVpc`, which only the cloud has " +
                "(vpc.cidrBlock.split is not a function or its return value is not iterable): " +
                "give it with `--data-source aws:ec2/getVpc:getVpc=FILE.json` (a JSON object of its result fields)",
        );
    });

    it("runs once the result is given with --data-source", () => {
        const vpc = path.join(tmp, "vpc.json");
        fs.writeFileSync(vpc, JSON.stringify({ cidrBlock: "172.31.0.0/16", id: "vpc-0a1b2c3d" }));
        const r = preview("needs-cloud", ["--policy-pack", ECHO_PACK, "--data-source", `aws:ec2/getVpc:getVpc=${vpc}`]);
        expect(r.stderr).toBe("");
        expect(r.code).toBe(0);
        expect(inputsByName(r.report)["aws:ec2/securityGroup:SecurityGroup::runner"]).toMatchObject({
            vpcId: "vpc-0a1b2c3d",
            egress: [{ cidrBlocks: ["172.31.0.0/16"] }],
        });
    });

    it.each([
        [["--data-source", "aws:ec2/getVpc:getVpc"], "`--data-source` needs TOKEN=FILE.json, got `aws:ec2/getVpc:getVpc`: e.g. `--data-source aws:ec2/getVpc:getVpc=vpc.json`"],
        [["--data-source", "getVpc=vpc.json"], "`--data-source` token `getVpc` is not an invoke token: write it as the SDK does, e.g. `aws:index/getCallerIdentity:getCallerIdentity`"],
        [["--data-source", "aws:ec2/getVpc:getVpc=/nonexistent/vpc.json"], "`--data-source aws:ec2/getVpc:getVpc`: cannot read `/nonexistent/vpc.json`: no such file"],
    ])("rejects a bad --data-source with one line (exit 2): %j", (args, line) => {
        const run = runCli(["preview", path.join(PROGRAMS, "needs-cloud"), ...args]);
        expect(run.code).toBe(2);
        expect(expectOneLine(run.stderr)).toBe(`nhi-guard: ${line}`);
    });

    it("rejects a file that is not one JSON object", () => {
        const bad = path.join(tmp, "list.json");
        fs.writeFileSync(bad, "[1]");
        const run = runCli(["preview", path.join(PROGRAMS, "needs-cloud"), "--data-source", `aws:ec2/getVpc:getVpc=${bad}`]);
        expect(run.code).toBe(2);
        expect(expectOneLine(run.stderr)).toMatch(/must hold one JSON object of result fields/);
    });
});
