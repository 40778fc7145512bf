"use strict";
// The floor plus @pulumi/policy's own per-policy work: nhi-guard's 16 policies by name and kind
// (resource, stack, or both), each returning at once. The gap between this pack and the empty one
// is what @pulumi/policy spends per policy before any check runs; the gap between nhi-guard and
// this pack is nhi-guard's own. kinds.json is rewritten from the pack's registry by bench/run.js
// before every run (bench/lib/kinds.ts), so the two cannot drift apart.
const { PolicyPack } = require("@pulumi/policy");
const KINDS = require("./kinds.json");

const noop = () => {};
new PolicyPack("null-policies", {
    policies: KINDS.map(({ name, resource, stack }) => ({
        name,
        description: "Returns at once.",
        enforcementLevel: "advisory",
        ...(resource ? { validateResource: noop } : {}),
        ...(stack ? { validateStack: noop } : {}),
    })),
});
