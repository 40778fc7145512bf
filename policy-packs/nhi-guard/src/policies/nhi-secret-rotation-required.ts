import { DAY_MS, formatInstant } from "../../../../contract/dates";
import { describe } from "../grants";
import type { NhiPolicy } from "../policy";
import { unknownPaths } from "../../../../contract/unknowns";
import type { StackEntry } from "../stackIndex";

/** A tool credential that never changes is a credential whose leak never ends. */
export const secretRotationRequired: NhiPolicy = {
    name: "nhi-secret-rotation-required",
    description: "Checks that every secret holding an AI tool's credential rotates within the allowed period, through a rotation resource or its own rotation, or expires within it.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: "NHI7",
    tags: ["owasp-asi:ASI03", "nist-csf:PR.AA-01", "nist-ai-rmf:MANAGE-2.4"],
    remediationSteps:
        "Rotate the secret at most every `maxRotationDays` (default 30): an enabled Secrets Manager rotation, a GCP Secret Manager `rotation` period with a topic, a Key Vault rotation policy, or an expiry within the period. The nhi-guard components set this up for every declared secret.",
    options: ["maxRotationDays", "scope"],
    validateStack: (check) => {
        const { index, now } = check;
        const max = check.config.maxRotationDays;
        const limit = now.getTime() + max * DAY_MS;
        const rotations = new Map<StackEntry, StackEntry[]>();
        for (const r of index.ofKind("rotation")) {
            const rotation = r.facts?.rotation;
            if (!rotation) {
                if (index.dependenciesOfKind(r, "secret").some((s) => check.inScope(s)) || r.failure !== undefined) check.unreadable(r);
                continue;
            }
            for (const s of index.resolve(r, rotation.secret, ["secret"])) {
                const list = rotations.get(s);
                if (list) list.push(r);
                else rotations.set(s, [r]);
            }
        }
        for (const s of index.ofKind("secret")) {
            if (!check.inScope(s) || check.unreadable(s)) continue;
            const secret = s.facts?.secret;
            if (!secret) continue;
            const secretUnknown = unknownPaths(s.facts?.unknown, "secret");
            if (secret.problem) {
                check.report(s.urn, `${describe(s)} cannot be shown to rotate: ${secret.problem}`);
                continue;
            }
            if (secret.rotationDays !== undefined && secret.rotationDays <= max) continue;
            if (secret.expiresAt && secret.expiresAt.getTime() <= limit) continue;
            const why: string[] = [];
            let rotates = false;
            const unknown = [...secretUnknown];
            for (const r of rotations.get(s) ?? []) {
                const rotation = r.facts!.rotation!;
                const rotationUnknown = unknownPaths(r.facts?.unknown, "rotation");
                if (rotationUnknown.length) unknown.push(...rotationUnknown.map((p) => `${r.name}: ${p}`));
                else if (rotation.problem) why.push(`${describe(r)}: ${rotation.problem}`);
                else if (!rotation.enabled) why.push(`${describe(r)} is disabled`);
                else if (rotation.dueAt && rotation.dueAt.getTime() <= now.getTime()) why.push(`${describe(r)} was due at ${formatInstant(rotation.dueAt)}`);
                else if (rotation.rotationDays === undefined) why.push(`${describe(r)} sets no rotation period`);
                else if (rotation.rotationDays > max) why.push(`${describe(r)} rotates every ${rotation.rotationDays} days`);
                else rotates = true;
            }
            if (rotates) continue;
            // Something that may rotate it is unknown at preview: unverified, not "does not rotate".
            if (unknown.length) {
                check.unknown(s, `whether it rotates within ${max} days`, unknown);
                continue;
            }
            if (secret.rotationDays !== undefined) why.push(`it rotates every ${secret.rotationDays} days`);
            if (secret.expiresAt) why.push(`it expires at ${formatInstant(secret.expiresAt)}, more than ${max} days away`);
            if (why.length === 0) why.push("nothing rotates it and it does not expire");
            check.report(s.urn, `${describe(s)} does not rotate within ${max} days (${why.join("; ")}); rotate it at most every ${max} days or let it expire within that`);
        }
    },
};
