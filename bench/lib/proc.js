"use strict";
/**
 * Linux /proc readings. Peak RSS is the kernel's own high-water mark (VmHWM), so a short spike
 * between two samples is not missed; CPU time is user+system ticks, which on a shared 2-core machine
 * is a steadier signal than wall time and is printed beside it.
 */
const fs = require("fs");

const TICK_MS = 10; // CLK_TCK is 100 on Linux x86_64/arm64.

function statusKB(pid, field) {
    try {
        const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
        return m ? Number(m[1]) : NaN;
    } catch {
        return NaN;
    }
}

/** User + system CPU milliseconds of one process (not its children). */
function cpuMs(pid) {
    try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        // The command name may contain spaces: fields start after the last ')'.
        const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        return (Number(f[11]) + Number(f[12])) * TICK_MS;
    } catch {
        return NaN;
    }
}

function children(pid) {
    try {
        return fs
            .readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
            .split(/\s+/)
            .filter(Boolean)
            .map(Number);
    } catch {
        return [];
    }
}

/**
 * Follows a process tree until it ends, keeping each process's last CPU reading and peak RSS: the
 * gate and the pack it spawns are measured apart. `classify(pid)` names a process (e.g. `gate`,
 * `pack`); readings of processes with the same name are summed (CPU) or maxed (RSS).
 */
function watchTree(rootPid, classify, intervalMs = 20) {
    const seen = new Map(); // pid -> { role, cpu, hwm }
    const sample = () => {
        const stack = [rootPid];
        while (stack.length) {
            const pid = stack.pop();
            let e = seen.get(pid);
            if (!e) {
                e = { role: classify(pid), cpu: 0, hwm: 0 };
                seen.set(pid, e);
            } else if (e.role === "other") {
                // A child seen between fork and exec still shows its parent's command line.
                e.role = classify(pid);
            }
            const c = cpuMs(pid);
            const h = statusKB(pid, "VmHWM");
            if (c >= 0) e.cpu = c;
            if (h > e.hwm) e.hwm = h;
            stack.push(...children(pid));
        }
    };
    sample();
    const timer = setInterval(sample, intervalMs);
    return {
        sample,
        stop() {
            clearInterval(timer);
            const by = {};
            for (const e of seen.values()) {
                const b = (by[e.role] ??= { cpuMs: 0, peakRssKB: 0, processes: 0 });
                b.cpuMs += e.cpu;
                b.peakRssKB = Math.max(b.peakRssKB, e.hwm);
                b.processes++;
            }
            return by;
        },
    };
}

function cmdline(pid) {
    try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
    } catch {
        return "";
    }
}

module.exports = { statusKB, cpuMs, children, watchTree, cmdline };
