/**
 * Golden files: a rendered report compared byte for byte with the file committed under
 * tests/cli/golden/. `UPDATE_GOLDEN=1 npx jest tests/cli/<suite>` rewrites them; review the diff.
 */
import * as fs from "fs";
import * as path from "path";

export const GOLDEN_DIR = __dirname;

/**
 * The pack judges expiry against its own clock, and one message names the latest acceptable date
 * (now + maxLifetimeDays): that date is masked so the golden stays valid tomorrow. Nothing else is.
 */
export function normalise(text: string): string {
    return text.replace(/(set the \\?`nhi:expires-at\\?` tag to )\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ( or earlier)/g, "$1<now + maxLifetimeDays>$2");
}

export function expectGolden(name: string, actual: string): void {
    const file = path.join(GOLDEN_DIR, name);
    const text = normalise(actual);
    if (process.env.UPDATE_GOLDEN === "1") {
        fs.writeFileSync(file, text);
        return;
    }
    if (!fs.existsSync(file)) throw new Error(`golden file ${name} is missing: run \`UPDATE_GOLDEN=1 npx jest tests/cli\` and review it`);
    expect(text).toBe(fs.readFileSync(file, "utf8"));
}
