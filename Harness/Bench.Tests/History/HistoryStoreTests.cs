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
    public async Task Append_ManyWritersAtOnce_LoseNoEntry()
    {
        using var dir = new TempDir();
        var store = new HistoryStore(dir.File("history"));
        var entry = HistoryEntry.From(SampleDocuments.Document(), null);
        // one second and one commit: every writer wants the same name, and each must end with a file of its own
        var writers = Enumerable.Range(0, 4).Select(_ => Task.Run(() => Enumerable.Range(0, 15).Select(_ => store.Append(entry)).ToList())).ToList();
        var paths = (await Task.WhenAll(writers)).SelectMany(p => p).ToList();
        Assert.Equal(60, paths.Distinct().Count());
        Assert.Equal(60, store.ReadAll().Count);
        Assert.Empty(Directory.EnumerateFiles(dir.File("history"), "*.tmp", SearchOption.AllDirectories).Concat(Directory.EnumerateFiles(dir.File("history"), ".*")));
    }

    [Fact]
    public async Task ReadAll_AFifoInTheFolder_IsRefusedNamingIt_NotWaitedOn()
    {
        using var dir = new TempDir();
        var folder = dir.File("history");
        Directory.CreateDirectory(folder);
        var fifo = Path.Combine(folder, "x.json");
        using (var mk = System.Diagnostics.Process.Start("mkfifo", fifo))
            mk.WaitForExit();
        var read = Task.Run(() => new HistoryStore(folder).ReadAll());
        Assert.True(await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(60))) == read, "reading a history folder holding a FIFO did not return");
        var e = await Assert.ThrowsAsync<BenchException>(() => read);
        Assert.Equal(ExitCodes.UsageError, e.ExitCode);
        Assert.Contains(fifo, e.Message);
        Assert.Contains("not a regular file", e.Message);
    }

    [Fact]
    public void ReadAll_AnOutsizedEntry_IsRefusedBeforeItIsRead()
    {
        using var dir = new TempDir();
        var folder = dir.File("history");
        Directory.CreateDirectory(folder);
        using (var big = File.Create(Path.Combine(folder, "big.json")))
            big.SetLength(HistoryStore.MaxEntryBytes + 1);
        var e = Assert.Throws<BenchException>(() => new HistoryStore(folder).ReadAll());
        Assert.Contains("big.json", e.Message);
        Assert.Contains("more than any history file", e.Message);
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
