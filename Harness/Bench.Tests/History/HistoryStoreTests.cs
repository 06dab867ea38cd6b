using Bench.Core;
using Bench.Core.History;
using Bench.Tests.TestSupport;

namespace Bench.Tests.History;

public class HistoryStoreTests
{
    [Fact]
    public void Append_TwoRunsOfTheSameSecondAndCommit_KeepsBoth()
    {
        using var dir = new TempDir();
        var store = new HistoryStore(dir.File("history"));
        var entry = HistoryEntry.From(SampleDocuments.Document(), null);
        var a = store.Append(entry);
        var b = store.Append(entry with { Outcome = "pass" });
        Assert.NotEqual(a, b);
        Assert.EndsWith("20261121T120000Z-0123456.json", a);
        var all = store.ReadAll();
        Assert.Equal(2, all.Count);
        Assert.Equal(entry.Benchmarks.Keys, all[0].Benchmarks.Keys);
        Assert.DoesNotContain("native/pp03-slow/ops-retpoline/provider-on", all[0].Benchmarks.Keys);
    }

    [Fact]
    public void ReadAll_BadFile_IsAUsageErrorNamingIt()
    {
        using var dir = new TempDir();
        var folder = dir.File("history");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "broken.json"), "{\"schemaVersion\": 1, \"createdUtc\": ");
        var e = Assert.Throws<BenchException>(() => new HistoryStore(folder).ReadAll());
        Assert.Equal(ExitCodes.UsageError, e.ExitCode);
        Assert.Contains("broken.json", e.Message);
    }

    [Fact]
    public void ReadAll_MissingFolder_IsAnEmptyHistory()
    {
        using var dir = new TempDir();
        Assert.Empty(new HistoryStore(dir.File("none")).ReadAll());
    }

    [Fact]
    public void Append_ToAFolderWithABadEntry_IsRefusedAndAddsNothing()
    {
        using var dir = new TempDir();
        var folder = dir.File("history");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "broken.json"), "{\"schemaVersion\": 1, \"createdUtc\": ");
        var store = new HistoryStore(folder);
        for (var retry = 0; retry < 3; retry++)
            Assert.Equal(ExitCodes.UsageError, Assert.Throws<BenchException>(() => store.Append(HistoryEntry.From(SampleDocuments.Document(), null))).ExitCode);
        Assert.Single(Directory.GetFiles(folder));
    }

    [Theory]
    [InlineData("/../../")]
    [InlineData("../../../x")]
    [InlineData("ab/cdefg")]
    public void Append_ACommitThatIsNotHex_NeverNamesAFileOutsideTheFolder(string commit)
    {
        using var dir = new TempDir();
        var folder = dir.File("sub/hist");
        var path = new HistoryStore(folder).Append(HistoryEntry.From(SampleDocuments.Document(), null) with { Commit = commit });
        Assert.Equal(Path.GetFullPath(folder), Path.GetDirectoryName(Path.GetFullPath(path)));
        Assert.EndsWith("-nocommit.json", path);
    }
}
