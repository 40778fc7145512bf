/**
 * What the CLI says about itself: one entry per option (its parse type, its help text and the
 * commands it applies to) and one per command (synopsis, description, examples). `parse()` in
 * main.ts builds its parseArgs table from OPTIONS, so an option exists, is documented and is
 * checked against its command in one place. To add an option: one entry here, then read its value
 * in main.ts; the README's CLI reference lists the same options (a test compares them).
 */
import { formatNames } from "./report/formats";
import { inventoryFormatNames } from "./inventory/formats";
import { catalogueFormatNames } from "./catalogue/formats";

export const COMMAND_NAMES = ["preview", "audit", "inventory", "policies", "baseline", "help"] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

export interface OptionSpec {
    type: "string" | "boolean";
    short?: string;
    multiple?: boolean;
    /** The value's placeholder in help (`DIR`), for string options. */
    arg?: string;
    /** Help text; may depend on the command (formats differ per command). */
    help: string | ((command: CommandName | undefined) => string);
    /** Commands that accept it; any other command rejects it as bad usage. */
    commands: readonly CommandName[];
}

const RUNS: CommandName[] = ["preview", "audit", "inventory", "baseline"];

const withDefault = (names: string[]) => names.map((f) => (f === "text" ? `${f} (default)` : f)).join(", ");
const formatsOf = (command: CommandName | undefined): string[] =>
    command === "inventory" ? inventoryFormatNames() : command === "policies" ? catalogueFormatNames() : formatNames();

export const OPTIONS: Record<string, OptionSpec> = {
    "policy-pack": {
        type: "string",
        multiple: true,
        arg: "DIR",
        help: "a CrossGuard policy pack to run (repeatable; default: the bundled nhi-guard pack)",
        commands: [...RUNS, "policies"],
    },
    config: {
        type: "string",
        arg: "FILE",
        help: (c) =>
            c === "baseline"
                ? "an existing policy config to start from: its settings are kept and its exemptions still apply; the baseline is merged into it (and written back unless --output is given)"
                : "policy config, as for `pulumi preview --policy-pack-config`; checked against the packs' own config schemas before anything is analysed",
        commands: RUNS,
    },
    stack: {
        type: "string",
        arg: "NAME",
        help: (c) =>
            c === "audit" ? "the stack name shown in the report (default: the one in the export's URNs)" : "stack whose Pulumi.<stack>.yaml config the program reads (default dev)",
        commands: RUNS,
    },
    org: {
        type: "string",
        arg: "NAME",
        help: "what `pulumi.getOrganization()` returns to the program (default `organization`, as the local backend has it)",
        commands: ["preview", "inventory"],
    },
    "data-source": {
        type: "string",
        multiple: true,
        arg: "TOKEN=FILE",
        help: "the result a data source returns to the program, as a JSON object of its result fields (repeatable): for values only the cloud has, e.g. `--data-source aws:ec2/getVpc:getVpc=vpc.json`, or to pin the account, e.g. `aws:index/getCallerIdentity:getCallerIdentity=caller.json` holding {\"accountId\": \"111122223333\"}",
        commands: ["preview", "inventory", "baseline"],
    },
    literal: {
        type: "boolean",
        help: "outputs of resources created in the program stay unknown, exactly as `pulumi preview` sees them (default: the deployment's view, with modelled ARNs, ids and names)",
        commands: ["preview"],
    },
    format: {
        type: "string",
        arg: "FORMAT",
        help: (c) =>
            c === undefined
                ? `report format: ${withDefault(formatNames())}\ninventory: ${withDefault(inventoryFormatNames())}\npolicies: ${withDefault(catalogueFormatNames())}`
                : `output format: ${withDefault(formatsOf(c))}${c === "policies" ? "\n(markdown by default when --output ends in .md)" : ""}`,
        commands: ["preview", "audit", "inventory", "policies"],
    },
    output: {
        type: "string",
        short: "o",
        multiple: true,
        arg: "[FORMAT=]FILE",
        help: (c) =>
            c === "baseline"
                ? "the policy config file to write (default: the --config file, else nhi-guard.policy-config.json)"
                : c === "inventory" || c === "policies"
                  ? "write the output there instead of the terminal (FORMAT=FILE picks the format; else --format, else the extension: .json, .csv, .md, .html)"
                  : "write the report there, in FORMAT with FORMAT=FILE, else in --format, else as the extension says (.sarif, .json, .md); repeatable: one run writes `-o sarif=nhi-guard.sarif -o markdown=nhi-guard.md`; the text summary still goes to the terminal",
        commands: ["preview", "audit", "inventory", "policies", "baseline"],
    },
    now: {
        type: "string",
        arg: "DATE",
        help: "count days left from DATE (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ) instead of the current time",
        commands: ["inventory"],
    },
    "expiring-within": {
        type: "string",
        arg: "DAYS",
        help: "a scheduled review: exit 1 when an identity, grant, credential or secret ends within DAYS (`30d` or `30`) or has already ended, and list them (JSON `review.ending`: kind, identity, tool, ends, daysLeft)",
        commands: ["inventory"],
    },
    "with-export": {
        type: "string",
        multiple: true,
        arg: "FILE",
        help: "another stack's `pulumi stack export`, read with this one as one estate for stack policies only (repeatable): e.g. the stack that manages GitHub, so a trust in an environment it declares is checked against that environment's reviewers instead of being unverified; its own resources are not judged here",
        commands: ["preview", "audit"],
    },
    baseline: {
        type: "string",
        arg: "EXPORT",
        help: "the deployed stack's `pulumi stack export`: the report lists every access change against it (`changes`: new or removed identity, new or widened grant, access raised, new credential or secret, expiry pushed out, trust widened), and `nhi-approved-drift` holds back the kinds config gates until approved",
        commands: ["preview"],
    },
    capabilities: {
        type: "boolean",
        help: "write the export's capability baseline (what each identity can do) into the config as `nhi-approved-drift.capabilityBaseline`, instead of exemptions; needs no --approved-by",
        commands: ["baseline"],
    },
    strict: {
        type: "boolean",
        help: "fail on checks that could not run at preview (unknown values), on resources the gate could not analyse (multi-language components such as awsx >= 1 and eks >= 3) and on a stack with no resources",
        commands: ["preview", "audit"],
    },
    "approved-by": {
        type: "string",
        arg: "NAME",
        help: "who accepts the existing findings (a person or team): every exemption's `approvedBy` (required)",
        commands: ["baseline"],
    },
    "expires-in": {
        type: "string",
        arg: "DAYS",
        help: "days from today until the exemptions end (default 90, at most 365)",
        commands: ["baseline"],
    },
    reason: {
        type: "string",
        arg: "TEXT",
        help: "every exemption's `reason` (default: existed before nhi-guard was adopted, with the date)",
        commands: ["baseline"],
    },
    quiet: {
        type: "boolean",
        short: "q",
        help: (c) => (c === "baseline" ? "no progress line" : "no progress line, and only the summary line of the text report"),
        commands: RUNS,
    },
    help: { type: "boolean", short: "h", help: "help for the command", commands: COMMAND_NAMES },
    version: { type: "boolean", help: "the nhi-guard version", commands: COMMAND_NAMES },
};

export interface CommandHelp {
    name: CommandName;
    synopsis: string;
    /** One line for the command list. */
    summary: string;
    description: string;
    examples: string[];
}

export const COMMANDS: CommandHelp[] = [
    {
        name: "preview",
        synopsis: "nhi-guard preview [dir] [options]",
        summary: "run the Pulumi program in dir (default .) offline and check it against the packs",
        description:
            "Runs the TypeScript/JavaScript Pulumi program in dir under mocks, as `pulumi preview` would,\nand sends every resource to the policy packs over the Analyzer protocol (`pulumi preview\n--policy-pack`). No cloud credentials and no Pulumi CLI are needed.",
        examples: [
            "nhi-guard preview",
            "nhi-guard preview infra --stack prod --config policy-config.json",
            "nhi-guard preview --quiet -o sarif=nhi-guard.sarif -o markdown=nhi-guard.md",
            "pulumi stack export --stack prod > prod.json && nhi-guard preview --stack prod --baseline prod.json -o markdown=nhi-guard.md",
        ],
    },
    {
        name: "audit",
        synopsis: "nhi-guard audit <export.json|-> [options]",
        summary: "check deployed state from `pulumi stack export` (- reads stdin)",
        description: "Checks a stack's deployed state, as `pulumi stack export` writes it, against the policy packs.",
        examples: ["pulumi stack export --stack prod > prod.json && nhi-guard audit prod.json", "pulumi stack export | nhi-guard audit - --format json"],
    },
    {
        name: "inventory",
        synopsis: "nhi-guard inventory <export.json|-|dir>... [options]",
        summary: "list every NHI with owner, expiry, days left, grants, credentials and rotation",
        description: "Lists the non-human identities of a stack export or a program; several exports (or a folder\nof them) give one organisation-wide inventory. It lists, it does not gate:\nexit 0 unless the input is bad (2) or the pack fails (3); with --expiring-within, 1 when\nsomething ends within the window (for a nightly job that opens a renewal review).",
        examples: ["nhi-guard inventory prod.json", "nhi-guard inventory . --format csv --output nhi.csv", "nhi-guard inventory prod.json --now 2027-01-01", "nhi-guard inventory prod.json github.json exports/ --format html --output inventory.html", "nhi-guard inventory prod.json --expiring-within 30d --format json"],
    },
    {
        name: "policies",
        synopsis: "nhi-guard policies [options]",
        summary: "the policy catalogue with its framework mappings and config options",
        description: "Lists what the packs declare (GetAnalyzerInfo): each policy, its level, severity, framework\nmappings, remediation and config options with their defaults.",
        examples: ["nhi-guard policies", "nhi-guard policies --output POLICIES.md", "nhi-guard policies --policy-pack ./my-pack --format json"],
    },
    {
        name: "baseline",
        synopsis: "nhi-guard baseline <dir|export.json|-> --approved-by NAME [options]",
        summary: "adopt the pack in an existing estate: exempt what already violates, for a while",
        description:
            "Runs the gate (preview for a folder, audit for an export) and writes one exemption for every\nmandatory finding that already exists (policy, resource URN, reason, approvedBy, expires), as\npolicy config that `pulumi preview --policy-pack-config` and `nhi-guard --config` both read.\nAn existing config file is merged, not overwritten. From then on anything new or changed is\nheld to every policy; the grandfathered findings show as exempted with their deadline.\nWith --capabilities it writes instead what each identity of the export can do, so\n`nhi-approved-drift` compares every later preview with the deployed state.",
        examples: [
            "nhi-guard baseline prod.json --approved-by platform-team --output nhi-guard.policy-config.json",
            "nhi-guard baseline . --config nhi-guard.policy-config.json --approved-by alice@example.com --expires-in 60",
            "nhi-guard baseline --capabilities prod.json --config nhi-guard.policy-config.json",
        ],
    },
    {
        name: "help",
        synopsis: "nhi-guard help [command]",
        summary: "this help, or a command's",
        description: "Shows the commands, or one command's options and examples.",
        examples: ["nhi-guard help preview", "nhi-guard audit --help"],
    },
];

const EXIT_CODES = `Exit codes: 0 clean or advisory only; 1 mandatory violation (with --strict also unverified
            or not analysed); 2 bad input or usage; 3 the analysis could not complete (pack
            failed or timed out).
            inventory and policies list, they do not gate: 0 unless the input is bad (2) or
            the pack fails (3); inventory --expiring-within is 1 when something ends in the window.`;

const ENVIRONMENT = `Environment: NHI_GUARD_START_TIMEOUT_MS (default 60000) and NHI_GUARD_CALL_TIMEOUT_MS
             (default 120000) bound how long a pack may take to start and to answer one call.`;

const LIMITS = `What the offline gate does not model (a real \`pulumi preview\` may differ):
  - no cloud provider runs: no provider \`Check\` defaults, no autonaming, no provider-side
    validation; data sources (invokes) that need the cloud are unknown (policy documents,
    ARNs, partitions and IAM policies are computed as the provider computes them; the account,
    region and zones are the stack config's or documented placeholders; --data-source gives others);
  - outputs of resources the program creates are modelled as the deployment would have them
    (ARNs, ids, e-mails, principal ids, autonamed names: well-formed, deterministic, not the
    real values; findings on them say "rests on modelled outputs"); --literal leaves them
    unknown as \`pulumi preview\` does, with outputs approximated by inputs for stack policies;
  - no real engine: no state, no diff, no replacements, no stack references, no secrets
    provider (\`secure:\` config and encrypted export secrets reach policies as placeholders);
  - preview runs TypeScript/JavaScript programs only.`;

export function optionUsage(name: string): string {
    const o = OPTIONS[name];
    return `${o.short ? `-${o.short}, ` : ""}--${name}${o.arg ? ` ${o.arg}` : ""}`;
}

const WIDTH = 100;

/** Word-wraps each paragraph (split on explicit newlines, which are kept) to `columns`. */
function wrap(text: string, columns: number): string[] {
    const lines: string[] = [];
    for (const paragraph of text.split("\n")) {
        let line = "";
        for (const word of paragraph.split(" ")) {
            if (line && line.length + 1 + word.length > columns) {
                lines.push(line);
                line = word;
            } else line = line ? `${line} ${word}` : word;
        }
        lines.push(line);
    }
    return lines;
}

function optionLines(names: string[], command: CommandName | undefined): string {
    const width = Math.max(...names.map((n) => optionUsage(n).length)) + 2;
    return names
        .map((n) => {
            const o = OPTIONS[n];
            const text = typeof o.help === "function" ? o.help(command) : o.help;
            const [first, ...rest] = wrap(text, WIDTH - width - 2);
            return [`  ${optionUsage(n).padEnd(width)}${first}`, ...rest.map((l) => `  ${" ".repeat(width)}${l}`)].join("\n");
        })
        .join("\n");
}

export function globalHelp(): string {
    const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
    return [
        "Usage: nhi-guard <command> [options]",
        "",
        "Commands:",
        ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
        "",
        "Options (`nhi-guard help <command>` shows which apply to a command, with examples):",
        optionLines(Object.keys(OPTIONS), undefined),
        "",
        EXIT_CODES,
        "",
        ENVIRONMENT,
        "",
        LIMITS,
        "",
    ].join("\n");
}

export function commandHelp(name: CommandName): string {
    const c = COMMANDS.find((x) => x.name === name)!;
    const options = Object.keys(OPTIONS).filter((o) => OPTIONS[o].commands.includes(name));
    const sections = [`Usage: ${c.synopsis}`, "", c.description, "", "Options:", optionLines(options, name), "", "Examples:", ...c.examples.map((e) => `  ${e}`)];
    if (name === "baseline") sections.push("", "Exit codes: 0 the config was written; 2 bad input or usage; 3 the analysis could not complete.");
    else if (name !== "help" && name !== "policies") sections.push("", EXIT_CODES);
    if (name === "preview") sections.push("", LIMITS);
    return sections.join("\n") + "\n";
}

export function isCommand(name: string | undefined): name is CommandName {
    return (COMMAND_NAMES as readonly string[]).includes(name ?? "");
}
