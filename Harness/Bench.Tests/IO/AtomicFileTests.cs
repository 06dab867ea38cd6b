using Bench.Core;
using Bench.Core.IO;
using Bench.Tests.TestSupport;

namespace Bench.Tests.IO;

public class AtomicFileTests
{
    [Fact]
    public void WriteAllText_ReplacesWholeFileAndLeavesNoTemporary()
    {
        using var dir = new TempDir();
        var path = dir.File("x.json");
        File.WriteAllText(path, "old contents that are longer than the new ones");
        AtomicFile.WriteAllText(path, "new");
        Assert.Equal("new", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void EnsureWritable_MissingFolder_IsUsageErrorNamingIt()
    {
        var e = Assert.Throws<BenchException>(() => AtomicFile.EnsureWritable("/nonexistent-bench-dir/r.json", "--out"));
        Assert.Equal(ExitCodes.UsageError, e.ExitCode);
        Assert.Contains("/nonexistent-bench-dir", e.Message);
        Assert.Contains("--out", e.Message);
    }

    [Fact]
    public void EnsureWritable_Folder_IsUsageError()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<BenchException>(() => AtomicFile.EnsureWritable(dir.Path, "--out"));
        Assert.Contains("is a folder", e.Message);
    }

    [Fact]
    public void EnsureWritable_UnwritableFolder_IsUsageError()
    {
        // /proc refuses new files even to root
        var e = Assert.Throws<BenchException>(() => AtomicFile.EnsureWritable("/proc/bench-results.json", "--out"));
        Assert.Equal(ExitCodes.UsageError, e.ExitCode);
    }
}
