/**
 * Capability drift for the gate: the program's identities compared with a deployed stack export
 * (`preview --baseline`), and the capability baseline `baseline --capabilities` writes into policy
 * config for the pack's `nhi-approved-drift`.
 *
 * Both sides are read by the pack's own derivation (policy-packs/nhi-guard/src/capabilities.ts over
 * its stack index, which links with the same `LinkIndex` as the inventory): what the gate lists as
 * a change is exactly what the pack compares under `pulumi preview`, and a baseline written from an
 * export compares with that export as unchanged.
 */
import * as fs from "fs";
import type { PolicyResource } from "@pulumi/policy";
import type { AnalyzerInput, PolicyPackConfig } from "../analyzer/protocol";
import { parseExportText, planAudit } from "../audit/stackExport";
import { InputError } from "../errors";
import type { GateInput } from "../gate";
import type { AccessChange } from "../report/model";
import { SecretRegistry, plainProps } from "../inventory/values";
import { CAPABILITY_BASELINE_VERSION, type Capability, type CapabilityBaseline, type Change, capabilitiesOf, capabilityKey, compareCapabilities } from "../../policy-packs/nhi-guard/src/capabilities";
import { StackIndex } from "../../policy-packs/nhi-guard/src/stackIndex";

export const DRIFT_POLICY = "nhi-approved-drift";

/** The resources as AnalyzeStack's policies get them: secrets unwrapped, parents and dependencies as resources. */
function asPolicyResources(inputs: readonly AnalyzerInput[]): PolicyResource[] {
    const secrets = new SecretRegistry();
    const byUrn = new Map<string, PolicyResource>();
    const out = inputs.map((r) => {
        const p = { type: r.type, urn: r.urn, name: r.name, props: plainProps(r.props, secrets), dependencies: [], propertyDependencies: {} } as unknown as PolicyResource;
        byUrn.set(r.urn, p);
        return p;
    });
    inputs.forEach((r, i) => {
        const p = out[i] as any;
        if (r.parent) p.parent = byUrn.get(r.parent);
        p.dependencies = (r.dependencies ?? []).map((u) => byUrn.get(u)).filter(Boolean);
        p.propertyDependencies = Object.fromEntries(Object.entries(r.propertyDependencies ?? {}).map(([k, us]) => [k, us.map((u) => byUrn.get(u)).filter(Boolean)]));
    });
    return out;
}

/** Every identity of the stack with what it can do. */
export function capabilitiesOfInputs(inputs: readonly AnalyzerInput[]): Capability[] {
    return capabilitiesOf(new StackIndex(asPolicyResources(inputs)));
}

export function capabilityBaseline(inputs: readonly AnalyzerInput[], stack: string): CapabilityBaseline {
    return { version: CAPABILITY_BASELINE_VERSION, stack, identities: capabilitiesOfInputs(inputs) };
}

/** What the program changes in the deployed stack's identities. */
export function accessChanges(deployed: readonly AnalyzerInput[], program: readonly AnalyzerInput[]): Change[] {
    return compareCapabilities(capabilitiesOfInputs(deployed), capabilitiesOfInputs(program));
}

/**
 * The policy config with the baseline set for `nhi-approved-drift`, so `preview --baseline` gates
 * the same changes `pulumi preview` would with the written config. A baseline already in the
 * config is replaced only for this run: the export given is the deployed state to compare with.
 */
export function withCapabilityBaseline(config: PolicyPackConfig, baseline: CapabilityBaseline): PolicyPackConfig {
    const own = config[DRIFT_POLICY];
    const current = own && typeof own === "object" ? (own as Record<string, unknown>) : own === "disabled" ? undefined : {};
    if (current === undefined) return config;
    return { ...config, [DRIFT_POLICY]: { ...current, capabilityBaseline: baseline } } as PolicyPackConfig;
}

/** The deployed stack `--baseline` names, read strictly: a bad file is bad input (exit 2), not "no changes". */
export function readBaselineExport(file: string, option = "--baseline"): { stack: string; resources: AnalyzerInput[] } {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e: any) {
        throw new InputError(`cannot read \`${option}\` file \`${file}\`: ${e.code === "ENOENT" ? "no such file" : e.code === "EISDIR" ? "it is a folder, pass the `pulumi stack export` file" : e.message}`);
    }
    const plan = planAudit(parseExportText(text, file), file);
    return { stack: plan.stack, resources: plan.analyzeStack };
}

/** The report's `changes`: the program's own resources (context exports left out) against the deployed ones. */
export function reportChanges(input: GateInput, deployed: readonly AnalyzerInput[]): AccessChange[] {
    const own = input.contextUrns ? input.analyzeStack.filter((r) => !input.contextUrns!.has(r.urn)) : input.analyzeStack;
    const urnOf = new Map(own.map((r) => [capabilityKey(r.urn), r.urn]));
    return accessChanges(deployed, own).map((c) => {
        const urn = c.kind === "identity-removed" ? undefined : urnOf.get(c.identity);
        const l = urn ? input.locations?.get(urn) : undefined;
        return {
            kind: c.kind,
            identity: c.identity,
            name: c.name,
            tool: c.tool,
            ...(urn ? { urn } : {}),
            ...(l?.location ? { location: l.location } : {}),
            ...(l?.declaredAt ? { declaredAt: l.declaredAt } : {}),
            before: c.before,
            after: c.after,
            summary: c.summary,
        };
    });
}

export type { Change };
