using Bench.Suite.Host;
using Bench.Core.Running;

namespace Bench.Tests.Running;

public class LaunchCopiesTests
{
    [Fact]
    public void ANativeLibrary_IsLoadedFromAFreshCopy_ThatGoesWithTheLaunch()
    {
        var library = NativeLibraryLocator.Resolve();
        string first, second;
        using (var launch = new LaunchCopies())
        {
            first = launch.Of(library, 0);
            second = launch.Of(library, 1);
            Assert.NotEqual(library, first);
            Assert.NotEqual(first, second);
            Assert.Equal(File.ReadAllBytes(library), File.ReadAllBytes(first));
            Assert.Equal(Path.GetDirectoryName(first), Path.GetDirectoryName(second));
        }
        Assert.False(File.Exists(first));
        Assert.False(Directory.Exists(Path.GetDirectoryName(first)));
    }

    [Fact]
    public void TwoLaunches_GetTwoCopies()
    {
        var library = NativeLibraryLocator.Resolve();
        using var a = new LaunchCopies();
        using var b = new LaunchCopies();
        Assert.NotEqual(Path.GetDirectoryName(a.Of(library, 0)), Path.GetDirectoryName(b.Of(library, 0)));
    }

    [Fact]
    public void TheManagedTwins_AreNotCopied()
    {
        using var launch = new LaunchCopies();
        Assert.Equal("/x/Bench.Benchmarks.dll#inject-calls=1", launch.Of("/x/Bench.Benchmarks.dll#inject-calls=1", 0));
    }
}
