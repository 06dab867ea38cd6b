using Bench.Core.Reporting;
using Bench.Core.Results;

namespace Bench.Tests.Reporting;

public sealed class TimeLineTests
{
    private static RunSettings Run(IReadOnlyDictionary<string, double>? phases, IReadOnlyList<LookRecord>? looks) => new()
    {
        Profile = "quick", Filters = ["*"], Launches = 32, WarmupSamples = 2, RoundsPerLaunch = 3, SamplesPerBlock = 5, DiscardedPerBlock = 1,
        SampleTargetMilliseconds = 0.25, Seed = 1, Phases = phases, Looks = looks,
    };

    [Fact]
    public void Describe_GivesTheBuildTheMeasuringItsPhasesWhatNoPhaseNamesTheSamplingShareAndEachLook()
    {
        var phases = new Dictionary<string, double>
        {
            ["build"] = 41.2, ["probe"] = 0.5, ["start"] = 10, ["open"] = 12, ["settle"] = 15, ["warm-up"] = 5, ["sampling"] = 30, ["requests"] = 2, ["close"] = 3, ["count"] = 1.5,
        };
        LookRecord[] looks = [new(1, 12, 10, 146, 120, 0.004, 70), new(2, 24, 0, 26, 26, 0.003, 10)];
        Assert.Equal("time: build 41.2 s; measuring 80.0 s (probe 0.5, start 10.0, open 12.0, settle 15.0, warm-up 5.0, sampling 30.0, requests 2.0, close 3.0, count 1.5, other 1.0); " +
                     "sampling share 38%; 2 looks: 1 (12 native / 10 managed launches, 146 measured, 120 decided, 70.0 s), 2 (24 launches, 26 measured, 26 decided, 10.0 s)",
            TimeLine.Describe(Run(phases, looks)));
    }

    [Fact]
    public void Describe_LanesAtOnce_GivesLaneSecondsAndTheSamplingShareOfTheLanesTime()
    {
        var phases = new Dictionary<string, double> { ["start"] = 30, ["open"] = 20, ["sampling"] = 40, ["close"] = 5 };
        LookRecord[] looks = [new(1, 12, 0, 68, 60, 0.004, 50)];
        // two lanes for 50 s are 100 lane-seconds: 95 in phases, 5 in none (a lane waiting for the other)
        Assert.Equal("time: measuring 50.0 s in 2 lanes at once (lane-seconds: start 30.0, open 20.0, sampling 40.0, close 5.0, other 5.0); " +
                     "sampling share 40%; 1 look: 1 (12 launches, 68 measured, 60 decided, 50.0 s)",
            TimeLine.Describe(Run(phases, looks) with { Lanes = 2 }));
    }

    [Fact]
    public void Describe_NothingForARunThatKeptNoPhases() => Assert.Null(TimeLine.Describe(Run(null, null)));
}

public sealed class PhaseClockTests
{
    [Fact]
    public void Time_ANestedPhaseClaimsItsOwnSeconds_TheOuterKeepsOnlyTheRest()
    {
        var clock = new Bench.Core.Running.PhaseClock();
        clock.Time("open", () =>
        {
            Thread.Sleep(60);
            clock.Time("start", () => Thread.Sleep(200));
        });
        var phases = clock.Snapshot();
        Assert.InRange(phases["start"], 0.19, 1.0);
        Assert.InRange(phases["open"], 0.05, 0.19);
    }
}
