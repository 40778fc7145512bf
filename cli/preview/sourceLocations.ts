/**
 * Where each resource of a previewed program is declared, and how to find that out cheaply.
 *
 * The SDK records a stack trace for every registration (`Resource.stackTrace`, sent as the
 * request's `stackTrace`), and a promise stack for every output it creates (`debuggablePromise`).
 * Under ts-node, `source-map-support` maps every frame of every one of those stacks back to
 * TypeScript as it is formatted: a third of a large program's run went there. During the run the
 * gate formats stacks with raw JavaScript positions instead, keeps one frame per registration (the
 * declaration in the user's repository) and maps only that frame, through ts-node's own in-memory
 * source maps, each file's map parsed once.
 */
import * as fs from "fs";
import * as path from "path";
import { fileURLToPath, pathToFileURL } from "url";
import type { NotAnalysed, ResourceLocation, SourceLocation } from "../report/model";
import { ModelledResource, ROOT_STACK_TYPE } from "./engineModel";

/**
 * The repository a program lives in: the nearest folder at or above it with a `.git` (a folder,
 * or a file for worktrees and submodules), else the project folder itself. SARIF URIs are relative
 * to it, because that is how GitHub code scanning matches them to files.
 */
export function repositoryRoot(dir: string): string {
    const start = path.resolve(dir);
    for (let d = start; ; ) {
        if (fs.existsSync(path.join(d, ".git"))) return d;
        const parent = path.dirname(d);
        if (parent === d) return start;
        d = parent;
    }
}

/** A path relative to `root`, with forward slashes (a SARIF URI reference, a report field). */
export function relativeTo(root: string, file: string): string {
    return path.relative(root, path.resolve(file)).split(path.sep).join("/");
}

const NO_OVERRIDE = Symbol("no prepareStackTrace");

/** The run's locator, while `rawStackTraces(locator)` is in effect. */
let activeLocator: SourceLocator | undefined;

const isInside = (dir: string, file: string) => {
    const r = path.relative(dir, file);
    return !!r && !r.startsWith("..") && !path.isAbsolute(r);
};

/**
 * The gate's own code (dist/ when bundled, cli/ from source): it registers the root stack, and it
 * is never the user's line even when the gate sits inside the repository it checks.
 */
const GATE_DIR = path.resolve(__dirname, "..");

/** `type` of the nearest package.json at or above `dir`. */
function packageType(dir: string): string | undefined {
    for (let d = path.resolve(dir); ; ) {
        try {
            return JSON.parse(fs.readFileSync(path.join(d, "package.json"), "utf8")).type;
        } catch (e: any) {
            if (e?.code !== "ENOENT") return undefined;
        }
        const parent = path.dirname(d);
        if (parent === d) return undefined;
        d = parent;
    }
}

/** Node's source-map cache (see `rawStackTraces`), in source-map-support's terms: 1-based lines, 0-based columns. */
const nodeSourceMaps: MapPosition = (p) => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { findSourceMap } = require("module");
    const map = findSourceMap(p.source) ?? findSourceMap(pathToFileURL(p.source).href);
    const e = map?.findEntry(p.line - 1, p.column);
    if (!e || typeof e.originalLine !== "number" || !e.originalSource) return p;
    return { source: e.originalSource, line: e.originalLine + 1, column: e.originalColumn };
};

/**
 * Frames formatted as V8 does, `at name (file:line:column)`, without source mapping. Every frame
 * with a position gets the parenthesised form (V8 omits the parentheses for anonymous functions,
 * and the SDK's frame parser would then drop the frame: a resource made in a `forEach` callback
 * would lose its own line). An ES module's `file://` URL is written as a path, as the SDK expects.
 */
function rawStack(error: Error, callsites: NodeJS.CallSite[]): string {
    const name = error?.name || "Error";
    const message = error?.message || "";
    const head = message ? `${name}: ${message}` : name;
    // The SDK keeps a stack on every promise it creates only to describe leaked promises when the
    // process exits, which the gate never reports: formatting those frames is pure cost.
    if (callsites[0]?.getFunctionName() === "debuggablePromise") return head;
    // The SDK's capture for a registration (`Resource.callsites`, every frame). It drops the first
    // five frames (itself, `stackTrace`, `new Resource`, `new CustomResource`/`ComponentResource`,
    // the concrete class's constructor) and takes the next as the declaration. The gate keeps only
    // the innermost user frame from there, so the frames beyond it are neither formatted, parsed,
    // turned into URLs nor serialized into the request (nothing else reads a mock registration's stack).
    const sdk = callsites[0]?.getFunctionName() === "callsites";
    const userFile = sdk ? activeLocator?.isUserFile : undefined;
    let out = head;
    for (let i = 0; i < callsites.length; i++) {
        const c = callsites[i];
        let file = c.getFileName();
        const line = c.getLineNumber();
        if (!file || !line) {
            out += `\n    at ${c.toString()}`;
            continue;
        }
        if (file.startsWith("file:")) {
            try {
                file = fileURLToPath(file);
            } catch {
                /* keep the URL */
            }
        }
        const frame = `\n    at ${c.isAsync() ? "async " : ""}${c.getFunctionName() || "<anonymous>"} (${file}:${line}:${c.getColumnNumber() ?? 0})`;
        out += frame;
        // `new pulumi.ComponentResource(...)` (or CustomResource) called directly: the fifth frame is
        // then the user's own line, not a subclass constructor, and is repeated so the SDK keeps it.
        const direct = sdk && i === 4 && !c.isConstructor();
        if (direct) out += frame;
        if ((i > 4 || direct) && userFile?.(file)) break;
    }
    return out;
}

/** ts-node's (`@cspotcode/source-map-support`) or the language host's (`source-map-support`) formatter. */
function isSourceMapFormatter(f: unknown): boolean {
    if (typeof f !== "function") return false;
    const shared = (globalThis as any)[Symbol.for("source-map-support/sharedData")];
    if (shared?.errorPrepareStackTraceHook?.installedValue === f) return true;
    // source-map-support's own, installed under its function name.
    return f.name === "prepareStackTrace" && /wrapCallSite|sourceMapSupport|mapSourcePosition/.test(Function.prototype.toString.call(f));
}

/**
 * Formats stacks with raw positions until the returned function is called. ts-node installs its
 * source-mapping formatter when the program starts to load (inside the run), so a plain assignment
 * made now would be overwritten: the property is held by an accessor that remembers what others
 * assign, and that is put back afterwards (later errors, e.g. in the pack host, map as before).
 */
export function rawStackTraces(locator?: SourceLocator): () => void {
    // An ES module's TypeScript is compiled by ts-node's loader hooks in another thread, whose
    // source maps this thread never sees: Node's own source-map cache (filled as modules load, and
    // consulted only for the frames kept) maps those. CommonJS programs do not pay for it.
    const sourceMaps = (process as any).sourceMapsEnabled;
    if (locator?.esm) process.setSourceMapsEnabled(true);
    activeLocator = locator;
    // No frames by default: the SDK's promise stacks (above) are then not even collected. The SDK
    // asks for every frame itself where it records a registration (`Resource.callsites` raises the
    // limit around its own capture), a library reading call sites gets the usual limit back while
    // its formatter is installed (below), and the gate reports a program's errors by message only.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    const own = Object.getOwnPropertyDescriptor(Error, "prepareStackTrace");
    const initial: unknown = own ? (own.get ? own.get.call(Error) : own.value) : NO_OVERRIDE;
    let assigned = initial;
    // Only the source-mapping formatters are held back. A library that installs its own for a
    // moment to read structured call sites (`callsites`, `depd`: assign, capture, restore) gets it.
    let effective: unknown = rawStack;
    Object.defineProperty(Error, "prepareStackTrace", {
        configurable: true,
        get: () => effective,
        set: (v: unknown) => {
            assigned = v;
            const held = v === initial || v === undefined || v === rawStack || isSourceMapFormatter(v);
            effective = held ? rawStack : v;
            // Such a library expects the usual frames, and puts the formatter back after its capture.
            Error.stackTraceLimit = held ? 0 : limit;
        },
    });
    return () => {
        activeLocator = undefined;
        if (locator?.esm && sourceMaps === false) process.setSourceMapsEnabled(false);
        Error.stackTraceLimit = limit;
        if (assigned === NO_OVERRIDE) delete (Error as any).prepareStackTrace;
        else Object.defineProperty(Error, "prepareStackTrace", { configurable: true, writable: true, enumerable: false, value: assigned });
    };
}

/** A position as the SDK sent it: a `file://` URI, a 1-based line and column, in the JavaScript that ran. */
export interface RawPosition {
    uri: string;
    line: number;
    column: number;
}

type MapPosition = (p: { source: string; line: number; column: number }) => { source: string; line: number; column: number };

/**
 * ts-node's source-map support, the instance ts-node registered its in-memory compiled output with
 * (resolved from ts-node itself, not from the program). Undefined for plain JavaScript runs where
 * ts-node was never needed or cannot be found: positions are then used as they are.
 */
function tsNodeSourceMaps(): MapPosition | undefined {
    try {
        const tsNode = path.dirname(require.resolve("ts-node/package.json"));
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        const support = require(require.resolve("@cspotcode/source-map-support", { paths: [tsNode] }));
        return typeof support.mapSourcePosition === "function" ? support.mapSourcePosition : undefined;
    } catch {
        return undefined;
    }
}

/**
 * Picks, for each registration, the frame that declares it in the user's repository and maps it
 * to the line the user wrote. Frames in `node_modules` (the SDK, provider SDKs, installed component
 * libraries) are skipped: a child of an installed component is located at the user's line that
 * constructed the component, which is the line a pull request changes.
 */
export class SourceLocator {
    readonly root: string;
    /** An ES module program (`"type": "module"` or an `.mjs`/`.mts` entry), as the language host decides. */
    readonly esm: boolean;
    private mapPosition: MapPosition | undefined | null = null;
    private readonly cache = new Map<string, SourceLocation | undefined>();
    private readonly inRepo = new Map<string, string | undefined>();

    constructor(projectDir: string, main?: string) {
        this.root = repositoryRoot(projectDir);
        this.esm = !!main && (/\.m[jt]s$/.test(main) || packageType(fs.existsSync(main) && fs.statSync(main).isDirectory() ? main : path.dirname(main)) === "module");
    }

    /** The repository-relative path of a frame's file, or undefined when the frame is not the user's code. */
    private userFile(uri: string): string | undefined {
        let rel = this.inRepo.get(uri);
        if (rel !== undefined || this.inRepo.has(uri)) return rel;
        rel = undefined;
        try {
            const file = uri.startsWith("file:") ? fileURLToPath(uri) : uri;
            const r = path.relative(this.root, file);
            if (path.isAbsolute(file) && !isInside(GATE_DIR, file) && r && !r.startsWith("..") && !path.isAbsolute(r) && !r.split(path.sep).includes("node_modules")) rel = r;
        } catch {
            /* not a file: not user code */
        }
        this.inRepo.set(uri, rel);
        return rel;
    }

    /** Whether a file (path or `file://` URL) is the user's code. */
    readonly isUserFile = (file: string): boolean => this.userFile(file) !== undefined;

    /** The innermost frame of `frames` (innermost first) that is user code, or `fallback` when it is. */
    pick(frames: (RawPosition | undefined)[], fallback?: RawPosition): RawPosition | undefined {
        for (const f of frames) if (f && f.line > 0 && this.userFile(f.uri) !== undefined) return f;
        return fallback && fallback.line > 0 && this.userFile(fallback.uri) !== undefined ? fallback : undefined;
    }

    /** The source line the user wrote for a raw position: mapped through ts-node's source map if it has one. */
    resolve(pos: RawPosition | undefined): SourceLocation | undefined {
        if (!pos) return undefined;
        const key = `${pos.uri}:${pos.line}:${pos.column}`;
        if (this.cache.has(key)) return this.cache.get(key);
        let loc: SourceLocation | undefined;
        const rel = this.userFile(pos.uri);
        if (rel !== undefined) {
            if (this.mapPosition === null) this.mapPosition = this.esm ? nodeSourceMaps : tsNodeSourceMaps();
            loc = { file: rel.split(path.sep).join("/"), line: pos.line, column: pos.column };
            if (this.mapPosition) {
                try {
                    const file = fileURLToPath(pos.uri);
                    // source-map-support counts columns from 0, V8 from 1.
                    const m = this.mapPosition({ source: file, line: pos.line, column: Math.max(0, pos.column - 1) });
                    if (m && m.line > 0 && m.source) {
                        const source = m.source.startsWith("file:") ? fileURLToPath(m.source) : m.source;
                        const mappedRel = this.userFile(path.resolve(source)) ?? rel;
                        loc = { file: mappedRel.split(path.sep).join("/"), line: m.line, column: m.column + 1 };
                    }
                } catch {
                    /* keep the raw position: better a JavaScript line than none */
                }
            }
        }
        this.cache.set(key, loc);
        return loc;
    }

    /**
     * The declaration of the resource a RegisterResourceRequest (or ReadResourceRequest) is for:
     * its stack trace's innermost user frame, else the SDK's own source position if that is user code.
     */
    locate(req: any): SourceLocation | undefined {
        const position = (p: any): RawPosition | undefined => (p ? { uri: p.getUri(), line: p.getLine(), column: p.getColumn() } : undefined);
        const frames: (RawPosition | undefined)[] = req.getStacktrace?.()?.getFramesList?.()?.map((f: any) => position(f.getPc?.())) ?? [];
        return this.resolve(this.pick(frames, position(req.getSourceposition?.())));
    }
}

const sameLine = (a: SourceLocation, b: SourceLocation) => a.file === b.file && a.line === b.line;

/**
 * Where findings on each resource are shown (see `ResourceLocation`), and the resources whose
 * contents the gate cannot see. A resource no user frame declared (made after an `await` inside a
 * component, say) takes its nearest located ancestor's line.
 */
export function previewLocations(resources: ModelledResource[]): { locations: Map<string, ResourceLocation>; notAnalysed: NotAnalysed[] } {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const locations = new Map<string, ResourceLocation>();
    const notAnalysed: NotAnalysed[] = [];
    for (const r of resources) {
        let own = r.declared;
        let outermost: SourceLocation | undefined;
        for (let p = r.parent ? byUrn.get(r.parent) : undefined, seen = 0; p && p.type !== ROOT_STACK_TYPE && seen < 1000; p = p.parent ? byUrn.get(p.parent) : undefined, seen++) {
            own ??= p.declared;
            if (p.declared) outermost = p.declared;
        }
        const location = outermost ?? own;
        const loc: ResourceLocation = {};
        if (location) loc.location = location;
        if (own && location && !sameLine(own, location)) loc.declaredAt = own;
        if (loc.location) locations.set(r.urn, loc);
        if (r.remote) {
            const pkg = r.type.split(":")[0];
            notAnalysed.push({
                urn: r.urn,
                type: r.type,
                name: r.name,
                ...loc,
                reason: `multi-language component: the \`${pkg}\` provider creates its children during the deployment, so no policy saw them here`,
            });
        }
    }
    return { locations, notAnalysed };
}
