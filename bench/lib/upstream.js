/**
 * The change to @pulumi/policy that issue 16's remainder needs, applied to a copy for measurement.
 *
 * @pulumi/policy's Analyze and AnalyzeStack handlers (server.js `makeAnalyzeRpcFun`,
 * `makeAnalyzeStackRpcFun`) redo, for every policy of the pack, work that depends only on the
 * request: Analyze rebuilds the properties (deserialize + proxy), the options and the provider,
 * and awaits every validation even when it returns nothing; AnalyzeStack rebuilds every resource of
 * the stack (properties, options, provider, parent and dependency links) once per stack policy.
 * The `null-policies` contender shows that this loop alone costs a pack of nhi-guard's 16 policies
 * more than the issue's whole budget. The proposal (bench/RESULTS-identity.md, "upstream change"):
 *
 *   1. Analyze: build `props`, `opts` and `provider` once per request and give every policy the
 *      same (read-only) objects; call a validation and await it only when it returns a thenable.
 *   2. AnalyzeStack: build the `PolicyResource` list once per request, lazily at the first stack
 *      policy that runs, and give every stack policy the same list.
 *
 * Both keep what a policy observes: the same values, the same order of policies, the same
 * diagnostics and not-applicable reasons. What changes is that two policies of one pack now see
 * the same objects, so a policy that wrote to `args.props` would be seen by the next one; the
 * SDK's types already mark them read-only for validations (remediations keep their own copy).
 *
 * `preparePatchedPolicy(dir)` copies the installed @pulumi/policy into `dir` and makes those edits
 * to server.js as small, anchored text replacements; each anchor must match exactly once, so a
 * new @pulumi/policy version that moved the code fails loudly here instead of measuring nonsense.
 * The copy lives under the project's node_modules so its own dependencies (@grpc/grpc-js,
 * google-protobuf, @pulumi/pulumi) resolve to the very copies the served pack uses.
 */
"use strict";
const fs = require("fs");
const path = require("path");

const EDITS = [
    // 1. Analyze: one set of per-request arguments.
    {
        anchor: "            const type = req.getType();\n            // Run the analysis for every analyzer in the global list, tracking any diagnostics.\n",
        replace:
            "            const type = req.getType();\n" +
            "            // UPSTREAM PROPOSAL: what depends only on the request is built once, at the first policy that runs.\n" +
            "            let shared;\n" +
            "            const sharedArgs = () => shared !== null && shared !== void 0 ? shared : (shared = {\n" +
            "                props: proxy_1.unknownCheckingProxy(deserialize_1.deserializeProperties(req.getProperties(), false)),\n" +
            "                urn: req.getUrn(),\n" +
            "                name: req.getName(),\n" +
            "                opts: getResourceOptions(req),\n" +
            "                provider: getProviderResource(req),\n" +
            "            });\n" +
            "            // Run the analysis for every analyzer in the global list, tracking any diagnostics.\n",
    },
    {
        anchor:
            "                            const deserd = deserialize_1.deserializeProperties(req.getProperties(), false);\n" +
            "                            const props = proxy_1.unknownCheckingProxy(deserd);\n" +
            "                            const args = {\n" +
            "                                type,\n" +
            "                                props,\n" +
            "                                urn: req.getUrn(),\n" +
            "                                name: req.getName(),\n" +
            "                                opts: getResourceOptions(req),\n",
        replace:
            "                            const s = sharedArgs();\n" +
            "                            const props = s.props;\n" +
            "                            const args = {\n" +
            "                                type,\n" +
            "                                props,\n" +
            "                                urn: s.urn,\n" +
            "                                name: s.name,\n" +
            "                                opts: s.opts,\n",
    },
    {
        anchor:
            "                            const provider = getProviderResource(req);\n" +
            "                            if (provider) {\n" +
            "                                args.provider = provider;\n" +
            "                            }\n" +
            "                            // Pass the result of the validate call to Promise.resolve.\n" +
            "                            // If the value is a promise, that promise is returned; otherwise\n" +
            "                            // the returned promise will be fulfilled with the value.\n" +
            "                            yield Promise.resolve(validation(args, reportViolation));\n",
        replace:
            "                            if (s.provider) {\n" +
            "                                args.provider = s.provider;\n" +
            "                            }\n" +
            "                            // UPSTREAM PROPOSAL: await only what is awaitable (no promise turn per policy).\n" +
            "                            const result = validation(args, reportViolation);\n" +
            "                            if (result && typeof result.then === \"function\") {\n" +
            "                                yield result;\n" +
            "                            }\n",
    },
    // 2. AnalyzeStack: one resource list per request.
    {
        anchor: "            const resources = req.getResourcesList();\n",
        replace: "            const resources = req.getResourcesList();\n            // UPSTREAM PROPOSAL: the PolicyResource list is built once, at the first stack policy that runs.\n            let sharedResources;\n",
    },
    {
        anchor: "                    try {\n                        const intermediates = [];\n",
        replace: "                    try {\n                        if (!sharedResources) {\n                        const intermediates = [];\n",
    },
    {
        anchor:
            "                        const args = {\n" +
            "                            resources: intermediates.map(r => r.resource),\n",
        replace:
            "                        sharedResources = intermediates.map(r => r.resource);\n" +
            "                        }\n" +
            "                        const args = {\n" +
            "                            resources: sharedResources,\n",
    },
    {
        anchor: "                        yield Promise.resolve(p.validateStack(args, reportViolation));\n",
        replace: "                        const result = p.validateStack(args, reportViolation);\n                        if (result && typeof result.then === \"function\") {\n                            yield result;\n                        }\n",
    },
];

/** `from` copied to `to` without any node_modules folder in it. */
function copyDir(from, to) {
    fs.cpSync(from, to, { recursive: true, filter: (src) => path.basename(src) !== "node_modules" });
}

/** The installed @pulumi/policy, copied to `<dir>/node_modules/@pulumi/policy` with the proposal applied. */
function preparePatchedPolicy(dir, policyDir) {
    const target = path.join(dir, "node_modules/@pulumi/policy");
    fs.rmSync(target, { recursive: true, force: true });
    copyDir(policyDir, target);
    const file = path.join(target, "server.js");
    let text = fs.readFileSync(file, "utf8");
    for (const { anchor, replace } of EDITS) {
        const at = text.indexOf(anchor);
        if (at < 0 || text.indexOf(anchor, at + 1) >= 0) {
            throw new Error(`@pulumi/policy ${require(path.join(policyDir, "package.json")).version}: server.js no longer has exactly one \`${anchor.trim().split("\n")[0]}\`; update bench/lib/upstream.js`);
        }
        text = text.slice(0, at) + replace + text.slice(at + anchor.length);
    }
    fs.writeFileSync(file, text);
    return target;
}

/** A copy of the pack folder `packDir` (without its node_modules) served on the patched @pulumi/policy. */
function patchedPackCopy(packDir, outDir) {
    const policyDir = path.dirname(require.resolve("@pulumi/policy/package.json", { paths: [packDir] }));
    fs.rmSync(outDir, { recursive: true, force: true });
    copyDir(packDir, outDir);
    preparePatchedPolicy(outDir, policyDir);
    return outDir;
}

module.exports = { preparePatchedPolicy, patchedPackCopy, EDITS };
