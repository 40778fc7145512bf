import { describe } from "../grants";
import { trustByIdentity } from "../identityTrust";
import type { NhiPolicy } from "../policy";

/**
 * One identity that production and non-production jobs can both act as carries production access
 * into environments with weaker review: what a test job runs reaches production. Judged by the
 * GitHub environments its trust names (over every resource that states it), by name only: an
 * environment matching neither pattern (`ai-review`) is neither, so nothing is guessed.
 */
export const environmentIsolation: NhiPolicy = {
    name: "nhi-environment-isolation",
    description: "Checks that no AI tool identity serves production and non-production at once: the GitHub environments its trust names are all production or all non-production, by the configured name patterns.",
    // Advisory: environment names are a convention, not a control; a name that matches a pattern
    // by accident should not block a deployment, and config or `--strict` makes it blocking.
    enforcementLevel: "advisory",
    severity: "high",
    framework: "NHI8",
    tags: ["owasp-asi:ASI03", "nist-csf:PR.AA-05", "nist-csf:ID.AM-08", "nist-ai-rmf:GOVERN-1.4"],
    remediationSteps:
        "Give the production environment its own identity, with production access only, and trust it from that one environment (`repo:<owner>/<repo>:environment:production`); development, test and staging environments get another identity with non-production access. Set `productionPattern` and `nonProductionPattern` when your environments are named otherwise.",
    options: ["scope", "productionPattern", "nonProductionPattern"],

    validateStack: (check) => {
        const production = new RegExp(check.config.productionPattern, "i");
        const nonProduction = new RegExp(check.config.nonProductionPattern, "i");
        for (const { identity, sources, unknown } of trustByIdentity(check.index, (e) => check.inScope(e))) {
            const prod = new Set<string>();
            const other = new Set<string>();
            for (const { trust } of sources) {
                for (const ref of trust.githubEnvironments) {
                    // A name matching both (`prod-test`) says nothing reliable: counted as neither.
                    const isProd = production.test(ref.environment);
                    const isOther = nonProduction.test(ref.environment);
                    if (isProd === isOther) continue;
                    (isProd ? prod : other).add(`\`${ref.repository}\` environment \`${ref.environment}\``);
                }
            }
            if (prod.size && other.size) {
                check.report(identity.urn, `AI tool identity ${describe(identity)} serves production and non-production: its trust admits ${[...prod].join(", ")} and ${[...other].join(", ")}; give production its own identity`);
            } else if (unknown.length && (prod.size || other.size)) {
                // An unknown subject may name the other kind of environment: unverified, never a finding.
                for (const u of unknown) check.unknown(u.entry, `whether AI tool identity ${describe(identity)} also serves ${prod.size ? "non-production" : "production"}`, u.paths);
            }
        }
    },
};
