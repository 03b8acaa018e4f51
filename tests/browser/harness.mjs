// What the browser tests share: Debian's chromium launched the way this machine needs it
// (headless, no sandbox as root, no background networking, which the closed network refuses),
// and a TAP-like `check` that counts results instead of stopping at the first failure.
import { chromium } from "playwright-core";

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** `check(name, fn)` runs one named check and prints `ok` / `not ok`; `counts` tallies them. */
export function checker() {
  const counts = { passed: 0, failed: 0 };
  async function check(name, fn) {
    try {
      await fn();
      counts.passed++;
      console.log(`ok - ${name}`);
    } catch (e) {
      counts.failed++;
      console.log(`not ok - ${name}\n  ${String(e.stack || e).split("\n").join("\n  ")}`);
    }
  }
  return { check, counts };
}
