/** Decoding of the generated data modules (contract/data/generated): deflated (raw), base64-encoded text. */
import { inflateRawSync } from "zlib";

/** The generated modules keep the base64 text in pieces (diffable lines), joined only here, on first use. */
export function unpack(packed: string | readonly string[]): string {
    const text = typeof packed === "string" ? packed : packed.join("");
    return text ? inflateRawSync(Buffer.from(text, "base64")).toString("utf8") : "";
}
