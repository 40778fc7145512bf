/**
 * Pins `new Date()` (the pack and some components read the clock per call) while leaving timers
 * and ticks real: @pulumi/policy's handlers and Pulumi's mocks are promise-based.
 */
export function pinClock(now: Date): void {
    jest.useFakeTimers({
        now,
        doNotFake: ["nextTick", "setImmediate", "clearImmediate", "setTimeout", "clearTimeout", "setInterval", "clearInterval", "queueMicrotask", "hrtime", "performance"],
    });
}
