using System.Diagnostics;
using System.Runtime;

namespace Bench.Suite.Host;

/// <summary>
/// Runs a benchmark's loop until the JIT has gone quiet: tiered compilation
/// replaces tier-0 code (and the loop's on-stack-replacement version) with
/// tier-1 code in the background, and until it has, a sample measures a mix.
/// A fixed iteration count cannot promise that (it depends on the call-counting
/// delay and the machine); the count of compiled methods can: it stops moving.
/// </summary>
public static class JitWarmup
{
    /// <summary>
    /// The runtime moves a method up a tier after 30 calls (tier 0, then
    /// instrumented tier 0 with PGO, then tier 1), so quiet means: no method
    /// compiled during the last <see cref="QuietCalls"/> calls and the last
    /// <paramref name="quiet"/> of time. Stops at <paramref name="limit"/> regardless.
    /// </summary>
    public const int QuietCalls = 64;

    /// <summary>Calls <paramref name="invoke"/> until the JIT is quiet; returns the time it took.</summary>
    /// <param name="pause">Sleep a millisecond after every call, so a JIT thread sharing the caller's CPU gets it.</param>
    public static TimeSpan UntilQuiet(Action invoke, TimeSpan? quiet = null, TimeSpan? limit = null, bool pause = false)
    {
        // call counting starts after a delay (100 ms by default, restarted by any tier-0 JIT work): wait it out unless it is off
        var q = quiet ?? TimeSpan.FromMilliseconds(
            System.Environment.GetEnvironmentVariable(RuntimeVariables.CallCountingDelay) == "0" ? 40 : 400);
        var max = limit ?? TimeSpan.FromSeconds(3);
        var clock = Stopwatch.StartNew();
        var lastCount = JitInfo.GetCompiledMethodCount();
        var lastChange = TimeSpan.Zero;
        var callsSinceChange = 0;
        while (true)
        {
            invoke();
            callsSinceChange++;
            // the JIT compiles tier 1 on a thread of its own: a pause after every call leaves it the CPU
            // (the worker may be pinned to one, beside launches running on the others)
            if (pause)
                Thread.Sleep(1);
            var count = JitInfo.GetCompiledMethodCount();
            if (count != lastCount)
                (lastCount, lastChange, callsSinceChange) = (count, clock.Elapsed, 0);
            if ((callsSinceChange >= QuietCalls && clock.Elapsed - lastChange >= q) || clock.Elapsed >= max)
                return clock.Elapsed;
        }
    }
}
