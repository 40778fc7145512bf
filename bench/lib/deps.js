"use strict";
/**
 * What `pulumi policy publish` users install with the pack: the `dependencies` of its package.json,
 * resolved transitively the way Node resolves them (nearest node_modules upwards from each
 * dependent), through the tree installed here. Peer dependencies count unless optional (npm 7+
 * installs them); optional dependencies count when installed.
 */
const fs = require("fs");
const path = require("path");

/** Cloud provider SDKs, as Pulumi providers or as the clouds' own clients. */
const CLOUD_SDK = /^(@pulumi\/(aws|aws-native|awsx|gcp|google-native|azure|azure-native|azuread|github|kubernetes)|aws-sdk|@aws-sdk\/.*|@smithy\/.*|@google-cloud\/.*|googleapis|google-auth-library|@azure\/.*|@octokit\/.*)$/;

function findPackage(name, fromDir) {
    for (let dir = fromDir; ; dir = path.dirname(dir)) {
        const candidate = path.join(dir, "node_modules", name, "package.json");
        if (fs.existsSync(candidate)) return candidate;
        if (path.dirname(dir) === dir) return undefined;
    }
}

function dirSize(dir) {
    let total = 0;
    const stack = [dir];
    while (stack.length) {
        const d = stack.pop();
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
            const p = path.join(d, e.name);
            // Nested node_modules are packages of their own and are walked as such.
            if (e.isDirectory()) {
                if (e.name !== "node_modules") stack.push(p);
            } else if (e.isFile()) total += fs.statSync(p).size;
        }
    }
    return total;
}

function checkPackDependencies(packDir) {
    const manifest = JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8"));
    const seen = new Map(); // package.json path -> { name, version, via }
    const missing = [];
    const queue = Object.keys(manifest.dependencies ?? {}).map((name) => ({ name, from: packDir, via: [] }));
    while (queue.length) {
        const { name, from, via } = queue.shift();
        const pj = findPackage(name, from);
        if (!pj) {
            missing.push([...via, name].join(" > "));
            continue;
        }
        if (seen.has(pj)) continue;
        const m = JSON.parse(fs.readFileSync(pj, "utf8"));
        const dir = path.dirname(pj);
        seen.set(pj, { name, version: m.version, via: [...via, name], dir });
        const optionalPeers = new Set(Object.entries(m.peerDependenciesMeta ?? {}).filter(([, v]) => v && v.optional).map(([k]) => k));
        const next = [
            ...Object.keys(m.dependencies ?? {}),
            ...Object.keys(m.peerDependencies ?? {}).filter((k) => !optionalPeers.has(k)),
            ...Object.keys(m.optionalDependencies ?? {}).filter((k) => findPackage(k, dir)),
        ];
        for (const dep of next) queue.push({ name: dep, from: dir, via: [...via, name] });
    }
    const packages = [...seen.values()];
    const cloud = packages.filter((p) => CLOUD_SDK.test(p.name)).map((p) => `${p.name}@${p.version} (via ${p.via.join(" > ")})`);
    const bytes = packages.reduce((n, p) => n + dirSize(p.dir), 0);
    return { direct: Object.keys(manifest.dependencies ?? {}), count: packages.length, bytes, cloud, missing };
}

module.exports = { checkPackDependencies, CLOUD_SDK };
