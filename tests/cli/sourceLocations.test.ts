/** The pieces behind finding locations: repository root, raw stacks during the run, frame choice, component children. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { ModelledResource } from "../../cli/preview/engineModel";
import { SourceLocator, previewLocations, rawStackTraces, repositoryRoot } from "../../cli/preview/sourceLocations";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nhi-guard-locations-unit-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("repositoryRoot", () => {
    it("is the nearest folder with .git above the project (a folder, or a worktree's file)", () => {
        const repo = path.join(tmp, "repo");
        fs.mkdirSync(path.join(repo, ".git"), { recursive: true });
        fs.mkdirSync(path.join(repo, "infra", "prod"), { recursive: true });
        expect(repositoryRoot(path.join(repo, "infra", "prod"))).toBe(repo);
        const worktree = path.join(tmp, "worktree");
        fs.mkdirSync(path.join(worktree, "app"), { recursive: true });
        fs.writeFileSync(path.join(worktree, ".git"), "gitdir: /elsewhere\n");
        expect(repositoryRoot(path.join(worktree, "app"))).toBe(worktree);
    });

    it("is the project folder itself outside any repository", () => {
        const lone = path.join(tmp, "lone", "project");
        fs.mkdirSync(lone, { recursive: true });
        expect(repositoryRoot(lone)).toBe(lone);
    });
});

describe("rawStackTraces", () => {
    const saved = Object.getOwnPropertyDescriptor(Error, "prepareStackTrace");
    afterEach(() => {
        if (saved) Object.defineProperty(Error, "prepareStackTrace", saved);
        else delete (Error as any).prepareStackTrace;
    });

    it("formats every positioned frame as `at name (file:line:column)`, anonymous callbacks too, and collects no frames unless asked", () => {
        const restore = rawStackTraces();
        try {
            expect(new Error("x").stack).toBe("Error: x");
            Error.stackTraceLimit = Infinity;
            const stack = [1].map(() => new Error("boom").stack!)[0];
            Error.stackTraceLimit = 0;
            const lines = stack.split("\n");
            expect(lines[0]).toBe("Error: boom");
            // The map callback: V8 would print it without a name and without parentheses.
            expect(lines[1]).toMatch(new RegExp(`^    at <anonymous> \\(${__filename.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+\\)$`));
            expect(lines.slice(1).every((l) => /^    at (async )?\S.* \(.+:\d+:\d+\)$/.test(l) || !/:\d+:\d+/.test(l))).toBe(true);
        } finally {
            restore();
        }
    });

    it("keeps the SDK's promise stacks to their first line", () => {
        const restore = rawStackTraces();
        try {
            Error.stackTraceLimit = 10;
            function debuggablePromise() {
                return new Error().stack;
            }
            expect(debuggablePromise()).toBe("Error");
        } finally {
            restore();
        }
    });

    it("lets a library read structured call sites for a moment, as `callsites` does", () => {
        const restore = rawStackTraces();
        try {
            const previous = Error.prepareStackTrace;
            // Without touching the frame limit, as `callsites` does.
            Error.prepareStackTrace = (_, stack) => stack;
            const sites = new Error().stack as unknown as NodeJS.CallSite[];
            Error.prepareStackTrace = previous;
            expect(Array.isArray(sites)).toBe(true);
            expect(sites[0].getFileName()).toBe(__filename);
            // Put back: raw again, and no frames collected.
            expect(new Error("again").stack).toBe("Error: again");
        } finally {
            restore();
        }
    });

    it("cuts the SDK's registration stack after the declaring user frame, and keeps a direct `new ComponentResource` line", () => {
        // Stands in for the SDK (in node_modules, outside the repository): the same frames as
        // resource.js, callsites <- stackTrace <- new Resource <- new ComponentResource <- subclass.
        const sdk = path.join(tmp, "node_modules", "sdk", "resource.js");
        fs.mkdirSync(path.dirname(sdk), { recursive: true });
        fs.writeFileSync(
            sdk,
            [
                "function callsites() { const l = Error.stackTraceLimit; Error.stackTraceLimit = Infinity; const s = new Error().stack; Error.stackTraceLimit = l; return s; }",
                "function stackTrace() { return callsites(); }",
                "class Resource { constructor() { this.stack = stackTrace(); } }",
                "class ComponentResource extends Resource { constructor() { super(); } }",
                "class Widget extends ComponentResource { constructor() { super(); } }",
                "module.exports = { ComponentResource, Widget };",
            ].join("\n"),
        );
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        const { ComponentResource, Widget } = require(sdk);
        const restore = rawStackTraces(new SourceLocator(__dirname));
        let subclass: string[];
        let direct: string[];
        try {
            subclass = (function declaresAWidget() {
                return new Widget().stack.split("\n").slice(1);
            })();
            direct = (function declaresAComponent() {
                return new ComponentResource().stack.split("\n").slice(1);
            })();
        } finally {
            restore();
        }
        // The SDK drops five frames and takes the next: the user's line in both cases, and nothing after it.
        expect(subclass.map((f) => f.trim().split(" ")[1])).toEqual(["callsites", "stackTrace", "Resource", "ComponentResource", "Widget", "declaresAWidget"]);
        expect(direct.map((f) => f.trim().split(" ")[1])).toEqual(["callsites", "stackTrace", "Resource", "ComponentResource", "declaresAComponent", "declaresAComponent"]);
        expect(direct[5]).toMatch(/sourceLocations\.test\.ts:\d+:\d+\)$/);
    });

    it("remembers what ts-node assigns during the run and puts it back, with the frame limit", () => {
        const limit = Error.stackTraceLimit;
        const before = Error.prepareStackTrace;
        const restore = rawStackTraces();
        // A source-mapping formatter, as ts-node's source-map-support installs it.
        const mapper = function prepareStackTrace(e: Error) {
            const wrapCallSite = (x: string) => x;
            return `mapped ${wrapCallSite(e.message)}`;
        };
        Error.prepareStackTrace = mapper;
        // Still raw while the program runs.
        expect(Error.prepareStackTrace).not.toBe(mapper);
        restore();
        expect(Error.prepareStackTrace).toBe(mapper);
        expect(Error.stackTraceLimit).toBe(limit);
        expect(new Error("e").stack).toBe("mapped e");
        Error.prepareStackTrace = before;
    });
});

describe("SourceLocator", () => {
    const repo = path.join(tmp, "loc");
    const project = path.join(repo, "infra");
    beforeAll(() => {
        fs.mkdirSync(path.join(repo, ".git"), { recursive: true });
        fs.mkdirSync(path.join(project, "node_modules", "lib"), { recursive: true });
    });
    const frame = (file: string, line: number, column = 3) => ({ uri: pathToFileURL(file).href, line, column });

    it("takes the innermost frame of the repository outside node_modules, else the SDK's position if it is one", () => {
        const locator = new SourceLocator(project);
        const lib = frame(path.join(project, "node_modules", "lib", "index.js"), 40);
        const outside = frame(path.join(tmp, "elsewhere.js"), 2);
        const user = frame(path.join(repo, "shared", "roles.js"), 7);
        const main = frame(path.join(project, "index.js"), 12);
        expect(locator.pick([lib, outside, undefined, user, main])).toBe(user);
        expect(locator.pick([lib, outside], main)).toBe(main);
        expect(locator.pick([lib], outside)).toBeUndefined();
        // The gate's own code registers the root stack: never the user's line, even inside the repository it checks.
        const gate = new SourceLocator(path.resolve(__dirname, "fixtures/programs/located"));
        const own = frame(path.resolve(__dirname, "../../cli/preview/runProgram.ts"), 300);
        const program = frame(path.resolve(__dirname, "fixtures/programs/located/index.ts"), 17);
        expect(gate.pick([own, program])).toBe(program);
        expect(gate.pick([own])).toBeUndefined();
        // Plain JavaScript with no source map: the position as it ran, relative to the repository.
        expect(locator.resolve(user)).toEqual({ file: "shared/roles.js", line: 7, column: 3 });
        expect(locator.resolve(lib)).toBeUndefined();
    });
});

describe("previewLocations", () => {
    const at = (file: string, line: number) => ({ file, line, column: 1 });
    const r = (urn: string, extra: Partial<ModelledResource> = {}): ModelledResource =>
        ({ type: urn.split("::")[2].split("$").pop(), urn, name: urn.split("::").pop(), props: {}, custom: true, ...extra }) as ModelledResource;
    const STACK = "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev";
    const COMP = "urn:pulumi:dev::p::my:index:Outer::o";
    const INNER = "urn:pulumi:dev::p::my:index:Outer$my:index:Inner::i";
    const resources = [
        r(STACK, { type: "pulumi:pulumi:Stack", custom: false }),
        r(COMP, { custom: false, parent: STACK, declared: at("index.ts", 30) }),
        r(INNER, { custom: false, parent: COMP, declared: at("components/outer.ts", 12) }),
        r("urn:pulumi:dev::p::my:index:Outer$my:index:Inner$aws:iam/role:Role::deep", { parent: INNER, declared: at("components/inner.ts", 5) }),
        // Made after an `await` inside the component: no user frame of its own.
        r("urn:pulumi:dev::p::my:index:Outer$aws:s3/bucket:Bucket::late", { parent: COMP }),
        r("urn:pulumi:dev::p::aws:s3/bucket:Bucket::top", { parent: STACK, declared: at("index.ts", 40) }),
        r("urn:pulumi:dev::p::awsx:ec2:Vpc::vpc", { custom: false, parent: STACK, remote: true, declared: at("index.ts", 50) }),
        r("urn:pulumi:dev::p::pulumi:providers:aws::default"),
    ];
    const { locations, notAnalysed } = previewLocations(resources);

    it("puts a child, however deep, at the line that constructed the outermost component, keeping its own line", () => {
        expect(locations.get(COMP)).toEqual({ location: at("index.ts", 30) });
        expect(locations.get(INNER)).toEqual({ location: at("index.ts", 30), declaredAt: at("components/outer.ts", 12) });
        expect(locations.get("urn:pulumi:dev::p::my:index:Outer$my:index:Inner$aws:iam/role:Role::deep")).toEqual({ location: at("index.ts", 30), declaredAt: at("components/inner.ts", 5) });
        expect(locations.get("urn:pulumi:dev::p::my:index:Outer$aws:s3/bucket:Bucket::late")).toEqual({ location: at("index.ts", 30) });
        expect(locations.get("urn:pulumi:dev::p::aws:s3/bucket:Bucket::top")).toEqual({ location: at("index.ts", 40) });
        expect(locations.has(STACK)).toBe(false);
        expect(locations.has("urn:pulumi:dev::p::pulumi:providers:aws::default")).toBe(false);
    });

    it("lists remote components, and only them, as not analysed", () => {
        expect(notAnalysed).toEqual([
            {
                urn: "urn:pulumi:dev::p::awsx:ec2:Vpc::vpc",
                type: "awsx:ec2:Vpc",
                name: "vpc",
                location: at("index.ts", 50),
                reason: "multi-language component: the `awsx` provider creates its children during the deployment, so no policy saw them here",
            },
        ]);
    });
});
