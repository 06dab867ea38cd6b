using Bench.Core;
using Bench.Core.Baselines;
using Bench.Core.Results;
using Bench.Tests.TestSupport;

namespace Bench.Tests.Baselines;

public class BaselineStoreTests
{
    private static string WriteResults(TempDir dir, ResultsDocument doc, string name = "results.json")
    {
        var path = dir.File(name);
        ResultsFile.Write(path, doc);
        return path;
    }

    private static ResultsDocument Good() => SampleDocuments.With(SampleDocuments.Samples("native/for_loop/x/provider-off", SampleDocuments.Noisy(1, 0.1, 40, 1)));

    [Fact]
    public void Save_NamesTheFileBySuiteMachineAndFingerprint_AndFindsItForThisMachine()
    {
        using var dir = new TempDir();
        var store = new BaselineStore(dir.File("baselines"));
        var saved = store.Save(WriteResults(dir, Good()), "native", force: false);
        Assert.Matches(@"native--test-cpu-model-9000-2c--[0-9a-f]{10}\.json\.gz$", saved);
        var found = store.FindFor("native", SampleDocuments.Host() with { TimerFrequencyHz = 2_601_000_000 }); // calibration jitter
        Assert.Equal(saved, found.Path);
    }

    [Fact]
    public void Save_WritesGzip_ThatReadsBackAsTheSameResults()
    {
        using var dir = new TempDir();
        var store = new BaselineStore(dir.File("baselines"));
        var doc = Good();
        var saved = store.Save(WriteResults(dir, doc), "native", force: false);
        var bytes = File.ReadAllBytes(saved);
        Assert.Equal(new byte[] { 0x1f, 0x8b }, bytes[..2]); // the gzip magic
        var back = ResultsFile.Read(saved);
        Assert.Equal(ResultsFile.Serialize(doc), ResultsFile.Serialize(back));
        Assert.True(bytes.Length < new FileInfo(dir.File("results.json")).Length / 2, $"{bytes.Length} bytes");
    }

    [Fact]
    public void Save_WhereThatKeyIsKeptUncompressed_RefusesWithoutForce_AndForceReplacesIt()
    {
        using var dir = new TempDir();
        var store = new BaselineStore(dir.File("baselines"));
        var target = store.Save(WriteResults(dir, Good()), "native", force: false);
        // the same baseline as it was kept before baselines were compressed
        var plain = target[..^BaselineStore.Extension.Length] + BaselineStore.PlainExtension;
        File.WriteAllText(plain, ResultsFile.Serialize(Good()));
        File.Delete(target);
        Assert.Equal(plain, Assert.Single(store.List()).Path);
        var e = Assert.Throws<BenchException>(() => store.Save(dir.File("results.json"), "native", force: false));
        Assert.Contains(plain, e.Message);
        Assert.Contains("--force", e.Message);
        store.Save(dir.File("results.json"), "native", force: true);
        Assert.False(File.Exists(plain));
        Assert.Equal(target, Assert.Single(store.List()).Path);
    }

    [Fact]
    public void Read_AGzNameThatIsNotGzip_IsAUsageErrorNamingTheFile()
    {
        using var dir = new TempDir();
        var path = dir.File("r.json.gz");
        File.WriteAllText(path, ResultsFile.Serialize(Good()));
        var e = Assert.Throws<BenchException>(() => ResultsFile.Read(path));
        Assert.Equal(ExitCodes.UsageError, e.ExitCode);
        Assert.Contains(path, e.Message);
        Assert.Contains("not a whole gzip file", e.Message);
    }

    [Fact]
    public void Save_Existing_RefusesWithoutForceAndLeavesTheFileAsItWas()
    {
        using var dir = new TempDir();
        var store = new BaselineStore(dir.File("baselines"));
        var saved = store.Save(WriteResults(dir, Good()), "native", force: false);
        var before = File.ReadAllText(saved);
        var newer = Good() with { CreatedUtc = DateTimeOffset.UnixEpoch.AddYears(60) };
        var e = Assert.Throws<BenchException>(() => store.Save(WriteResults(dir, newer, "newer.json"), "native", force: false));
        Assert.Equal(ExitCodes.UsageError, e.ExitCode);
        Assert.Contains("--force", e.Message);
        Assert.Equal(before, File.ReadAllText(saved));
        store.Save(dir.File("newer.json"), "native", force: true);
        Assert.NotEqual(before, File.ReadAllText(saved));
    }

    [Fact]
    public void Save_TwoAtOnce_ExactlyOneWins_TheOtherRefusesSayingForce_InEachOfTenRounds()
    {
        using var dir = new TempDir();
        for (var round = 0; round < 10; round++)
        {
            var store = new BaselineStore(dir.File($"baselines-{round}"));
            var files = new[] { "a", "b" }.Select((n, i) => WriteResults(dir, Good() with { CreatedUtc = DateTimeOffset.UnixEpoch.AddDays(round * 2 + i) }, $"{n}{round}.json")).ToArray();
            using var start = new Barrier(2);
            var outcomes = new (string? Saved, BenchException? Refused)[2];
            var threads = Enumerable.Range(0, 2).Select(i => new Thread(() =>
            {
                start.SignalAndWait();
                try { outcomes[i] = (store.Save(files[i], "native", force: false), null); }
                catch (BenchException e) { outcomes[i] = (null, e); }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            Assert.Single(outcomes, o => o.Saved is not null);
            var refused = Assert.Single(outcomes, o => o.Refused is not null).Refused!;
            Assert.Equal(ExitCodes.UsageError, refused.ExitCode);
            Assert.Contains("--force", refused.Message);
            var winner = Array.FindIndex(outcomes, o => o.Saved is not null);
            var saved = ResultsFile.Read(outcomes[winner].Saved!);
            Assert.Equal(DateTimeOffset.UnixEpoch.AddDays(round * 2 + winner), saved.CreatedUtc); // the file is the winner's, whole
        }
    }

    [Fact]
    public void FindFor_OtherMachine_IsNoComparableBaselineAndSaysWhatDiffers()
    {
        using var dir = new TempDir();
        var store = new BaselineStore(dir.File("baselines"));
        store.Save(WriteResults(dir, Good()), "native", force: false);
        var e = Assert.Throws<BenchException>(() => store.FindFor("native", SampleDocuments.Host() with { Kernel = "6.12.0-other" }));
        Assert.Equal(ExitCodes.NoComparableBaseline, e.ExitCode);
        Assert.Contains("kernel: 6.1.0-test (baseline) vs 6.12.0-other (here)", e.Message);
        Assert.Contains("bench baseline save", e.Message);
    }

    [Fact]
    public void FindFor_EmptyFolder_IsNoComparableBaseline()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<BenchException>(() => new BaselineStore(dir.File("none")).FindFor("native", SampleDocuments.Host()));
        Assert.Equal(ExitCodes.NoComparableBaseline, e.ExitCode);
    }

    [Fact]
    public void Save_IncompleteOrPairedResults_AreRefused()
    {
        using var dir = new TempDir();
        var store = new BaselineStore(dir.File("baselines"));
        var crashed = WriteResults(dir, SampleDocuments.Document(), "crashed.json"); // has a crashed benchmark
        Assert.Contains("did not complete", Assert.Throws<BenchException>(() => store.Save(crashed, "native", false)).Message);
        var paired = WriteResults(dir, SampleDocuments.Paired(Good(), Good()).Base, "arm.json");
        Assert.Contains("bench ab", Assert.Throws<BenchException>(() => store.Save(paired, "native", false)).Message);
        Assert.False(Directory.Exists(dir.File("baselines")) && Directory.EnumerateFiles(dir.File("baselines")).Any());
    }

    [Fact]
    public void List_CorruptBaseline_IsAUsageErrorNamingTheFileAndTheFix()
    {
        using var dir = new TempDir();
        var store = new BaselineStore(dir.File("baselines"));
        var saved = store.Save(WriteResults(dir, Good()), "native", force: false);
        File.WriteAllText(saved, File.ReadAllText(saved)[..200]);
        var e = Assert.Throws<BenchException>(() => store.List());
        Assert.Equal(ExitCodes.UsageError, e.ExitCode);
        Assert.Contains(saved, e.Message);
        Assert.Contains("git checkout", e.Message);
    }
}
