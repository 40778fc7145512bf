/** The unknown sentinels: `isUnknown` checks a string's length before looking it up, so every sentinel must have that length. */
import { UNKNOWN_SENTINELS, isUnknown } from "../../contract/facts";

describe("isUnknown", () => {
    it("knows every sentinel, and nothing else", () => {
        for (const s of UNKNOWN_SENTINELS) expect(isUnknown(s)).toBe(true);
        for (const s of UNKNOWN_SENTINELS) expect(isUnknown(`${s} `)).toBe(false);
        expect(isUnknown("00000000-0000-4000-8000-000000000000")).toBe(false);
        expect(isUnknown(undefined)).toBe(false);
        expect(isUnknown(["1c4a061d-8072-4f0a-a4cb-0ff528b18fe7"])).toBe(false);
    });
});
