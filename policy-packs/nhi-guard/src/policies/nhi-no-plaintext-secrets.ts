import { unproxied } from "../../../../contract/facts";
import { findSecrets } from "../../../../contract/secrets/walk";
import type { NhiPolicy } from "../policy";
import { secretKeysOf } from "../requestCache";

/** Kinds said with a vowel sound first ("an xAI API key", "an npm access token"). */
const AN = /^(?:[AEIOU]|xAI|npm)/;

/**
 * The pack sees inputs in plain text; so does everybody who can read the program, its state and the
 * console. Every string input of every type is scanned (contract/secrets), so a key pasted into a
 * Lambda environment, an ECS container definition or base64 userData is found as surely as one in
 * a tag; inputs marked secret (by the program or the provider) are where secrets belong and skipped.
 */
export const noPlaintextSecrets: NhiPolicy = {
    name: "nhi-no-plaintext-secrets",
    description: "Checks that no credential (cloud access key, GitHub, GitLab or AI vendor token, Slack token, private key, database password) sits in any input not marked secret, including JSON, YAML, scripts and base64 userData inside strings.",
    enforcementLevel: "mandatory",
    severity: "critical",
    framework: "NHI2",
    tags: ["nist-csf:PR.AA-01", "owasp-asi:ASI03"],
    remediationSteps:
        "Remove the value from the input, revoke it (it is already in the program's history and state), and store the new one in the cloud's secret manager or as a Pulumi secret passed to a secret input; give the tool federated access where the vendor allows it.",
    options: [],
    validateResource: (check) => {
        const raw = unproxied(check.props);
        if (!raw || typeof raw !== "object") return;
        for (const h of findSecrets(raw, { type: check.type, secretKeys: secretKeysOf })) {
            const tail = h.tail ? ` (ending \`…${h.tail}\`)` : "";
            const article = AN.test(h.kind) ? "an" : "a";
            const encoded = h.encoded ? " base64-encoded" : "";
            check.report(`\`${h.field}\` holds what looks like ${article} ${h.kind}${tail}${encoded} in plain text; revoke it, remove it from the input, and pass the new one as a secret or through a secret manager`);
        }
    },
};
