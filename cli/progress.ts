/**
 * `analysed 120/1000 resources` on stderr, rewritten in place. Only for runs that take over a
 * second, only on a terminal (a CI log would fill with carriage returns), never with `--quiet`.
 */
export interface Progress {
    update(done: number, total: number): void;
    done(): void;
}

export const noProgress: Progress = { update: () => undefined, done: () => undefined };

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr, delayMs = 1000): Progress {
    if (!stream.isTTY) return noProgress;
    const start = Date.now();
    let shown = false;
    let last = 0;
    return {
        update(done, total) {
            const now = Date.now();
            if (now - start < delayMs || (now - last < 100 && done < total)) return;
            last = now;
            shown = true;
            stream.write(`\ranalysed ${done}/${total} resources`);
        },
        done() {
            if (shown) stream.write("\r\u001b[K");
            shown = false;
        },
    };
}
