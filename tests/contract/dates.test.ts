import fc from "fast-check";
import { daysUntil, earliest, formatDay, formatInstant, fromEpochSeconds, parseContractDate, parseDurationSeconds, parseIsoInstant } from "../../contract/dates";

describe("parseContractDate", () => {
    it.each([
        ["2027-03-31", "2027-03-31T00:00:00.000Z"],
        ["2028-02-29", "2028-02-29T00:00:00.000Z"],
        ["2027-03-31T12:30:59Z", "2027-03-31T12:30:59.000Z"],
    ])("accepts %s", (value, iso) => {
        expect(parseContractDate(value)?.toISOString()).toBe(iso);
    });

    it.each([
        "2027-02-30", // does not exist
        "2027-02-29", // not a leap year
        "2027-13-01",
        "2027-00-10",
        "2027-03-31T24:00:00Z",
        "2027-03-31T23:60:00Z",
        "2027-03-31T12:00:00+01:00", // other time zones are refused in annotations
        "2027-03-31T12:00:00",
        "2027-03-31T12:00:00.000Z",
        "2027-03-31t12:00:00z",
        " 2027-03-31",
        "2027-3-31",
        "31/03/2027",
        "",
        "2027-03-31\n",
    ])("refuses %j", (value) => {
        expect(parseContractDate(value)).toBeUndefined();
    });

    it("refuses values that are not strings", () => {
        for (const v of [undefined, null, 20270331, new Date(), {}, ["2027-03-31"]]) expect(parseContractDate(v)).toBeUndefined();
    });

    it("round-trips every instant it formats", () => {
        fc.assert(
            fc.property(fc.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true }), (d) => {
                const whole = new Date(Math.floor(d.getTime() / 1000) * 1000);
                expect(parseContractDate(formatInstant(whole))?.getTime()).toBe(whole.getTime());
                expect(parseContractDate(formatDay(whole))?.toISOString().slice(0, 10)).toBe(formatDay(whole));
            }),
        );
    });

    it("never throws", () => {
        fc.assert(fc.property(fc.anything(), (v) => void parseContractDate(v)));
    });
});

describe("parseIsoInstant", () => {
    it.each([
        ["2027-03-31", "2027-03-31T00:00:00.000Z"],
        ["2027-03-31T00:00:00Z", "2027-03-31T00:00:00.000Z"],
        ["2027-03-31T01:00:00+01:00", "2027-03-31T00:00:00.000Z"],
        ["2027-03-30T19:00:00-0500", "2027-03-31T00:00:00.000Z"],
        ["2027-03-31T00:00Z", "2027-03-31T00:00:00.000Z"],
        ["2027-03-31T00:00:00.5Z", "2027-03-31T00:00:00.500Z"],
        ["2027-03-31 00:00:00z", "2027-03-31T00:00:00.000Z"],
    ])("reads %s", (value, iso) => {
        expect(parseIsoInstant(value)?.toISOString()).toBe(iso);
    });

    it.each(["2027-03-31T00:00:00", "2027-02-30T00:00:00Z", "2027-03-31T00:00:00+24:00", "2027-03-31T00:00:00+01:60", "1e12", "now", "x".repeat(100)])("refuses %j", (value) => {
        expect(parseIsoInstant(value)).toBeUndefined();
    });

    it("never throws", () => {
        fc.assert(fc.property(fc.anything(), (v) => void parseIsoInstant(v)));
        fc.assert(fc.property(fc.string(), (v) => void parseIsoInstant(v)));
    });
});

describe("durations, epochs and arithmetic", () => {
    it.each([
        ["2592000s", 2592000],
        ["3600.5s", 3600.5],
        ["P90D", 90 * 86400],
        ["PT1H", 3600],
        ["P1DT1H", 90000],
        [60, 60],
    ])("parses %j", (value, secs) => {
        expect(parseDurationSeconds(value)).toBe(secs);
    });

    it.each(["P", "PT", "P1DT", "-5s", "5", "1h", -1, Number.NaN, Number.POSITIVE_INFINITY, null])("refuses %j", (value) => {
        expect(parseDurationSeconds(value)).toBeUndefined();
    });

    it("reads epoch seconds and refuses nonsense", () => {
        expect(fromEpochSeconds(1806451200)?.toISOString()).toBe("2027-03-31T00:00:00.000Z");
        for (const v of [0, -1, Number.NaN, 1e20, "1806451200"]) expect(fromEpochSeconds(v)).toBeUndefined();
    });

    it("counts whole days left and picks the earliest date", () => {
        const now = new Date("2027-01-01T00:00:00Z");
        expect(daysUntil(new Date("2027-01-31T23:59:59Z"), now)).toBe(30);
        expect(daysUntil(new Date("2026-12-31T23:00:00Z"), now)).toBe(-1);
        expect(earliest(undefined, new Date("2027-02-01"), new Date("2027-01-15"), undefined)?.toISOString()).toBe("2027-01-15T00:00:00.000Z");
        expect(earliest()).toBeUndefined();
    });
});
