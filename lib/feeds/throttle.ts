// At most one run per interval, leading and trailing: the first call runs at once (a quiet
// room's first join shows immediately), calls during the interval collapse into one run at
// its end (a burst of joins is one update). The interval may change from run to run. Stops
// for good when `signal` aborts.

export function throttle(run: () => void, interval: number | (() => number), signal: AbortSignal): () => void {
  const intervalMs = typeof interval === "number" ? () => interval : interval;
  let lastRun = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  signal.addEventListener("abort", () => clearTimeout(timer), { once: true });
  const fire = (): void => {
    timer = undefined;
    if (signal.aborted) return;
    lastRun = performance.now();
    run();
  };
  return () => {
    if (signal.aborted || timer !== undefined) return;
    const wait = lastRun + intervalMs() - performance.now();
    if (wait <= 0) fire();
    else timer = setTimeout(fire, wait);
  };
}
