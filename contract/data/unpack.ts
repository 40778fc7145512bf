/** Decoding of the generated data modules (contract/data/generated): deflated (raw), base64-encoded text. */
import { inflateRawSync } from "zlib";

export function unpack(packed: string): string {
    return packed ? inflateRawSync(Buffer.from(packed, "base64")).toString("utf8") : "";
}
