using Bench.Suite.Host;
using Bench.Core.Running;
using Bench.Tests.TestSupport;

namespace Bench.Tests.Running;

/// <summary>Layout variants are relinks of the library's own objects: the same kernels, the code at other offsets.</summary>
public class NativeLayoutsTests
{
    private const int Count = NativeLayouts.DefaultCount;

    /// <summary>Each function's address in a library, by name (from `nm`).</summary>
    private static Dictionary<string, long> Symbols(string library)
    {
        var r = Bench.Core.IO.ToolProcess.Run("nm", [library], Path.GetTempPath(), "apt-get install binutils");
        Assert.Equal(0, r.ExitCode);
        return r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' '))
            .Where(w => w.Length == 3 && w[1] is "t" or "T")
            .GroupBy(w => w[2]).ToDictionary(g => g.Key, g => Convert.ToInt64(g.First()[0], 16));
    }

    [Fact]
    public void TheCliBuildsLibrary_GetsItsVariants_SameKernels_CodeElsewhere()
    {
        var library = NativeLibraryLocator.Resolve();
        var pool = NativeLayouts.For(library, Count);
        Assert.Null(pool.Unavailable);
        Assert.Equal(Count, pool.Libraries.Count);
        Assert.All(pool.Libraries, l => Assert.True(File.Exists(l), l));

        var original = Symbols(library);
        var kernel = "bench_atomic_inc";
        Assert.Contains(kernel, original.Keys);
        // variant 0 is the build's own link; the others move the kernel's code in whole cache lines
        Assert.Equal(original[kernel], Symbols(pool.Libraries[0])[kernel]);
        var offsets = pool.Libraries.Select(l => Symbols(l)[kernel]).ToList();
        // 128 paddings and the objects' orders: a few of 64 variants may land the kernel at one offset, most do not
        Assert.True(offsets.Distinct().Count() >= Count * 3 / 4, $"offsets: {string.Join(", ", offsets.Select(o => o.ToString("x")))}");
        Assert.All(offsets, o => Assert.Equal(original[kernel] % 64, o % 64));

        var ids = NativeKernelLibrary.Load(library).Kernels.Select(k => k.Id).ToList();
        foreach (var variant in pool.Libraries.Skip(1).Take(2))
            Assert.Equal(ids, NativeKernelLibrary.Load(variant).Kernels.Select(k => k.Id).ToList());
    }

    [Fact]
    public void Variants_PlaceEveryFunction_NotOnlyEveryObject()
    {
        // two functions of one object (one style's pool_kernels.c): the build's link keeps their
        // order and distance whatever the padding and object order; the variants draw both, so a
        // function added between them in the source is not what decides where either one lands
        var pool = NativeLayouts.For(NativeLibraryLocator.Resolve(), Count);
        Assert.Null(pool.Unavailable);
        var distances = pool.Libraries.Select(l => Symbols(l)).Select(s => s["run_fast_if"] - s["pp_refill_alloc_cache_if"]).ToList();
        Assert.Contains(distances, d => d < 0);
        Assert.Contains(distances, d => d > 0);
        Assert.True(distances.Distinct().Count() >= Count / 2, $"distances: {string.Join(", ", distances)}");
        Assert.All(distances, d => Assert.Equal(0, d % 64));
    }

    [Fact]
    public void FunctionKey_IsTheSameForAFunctionInEveryBuild_AndDrawnAgainForEveryVariant()
    {
        const string obj = "CMakeFiles/benchnative_style_if.dir/src/pool_kernels.c.o";
        Assert.Equal(NativeLayouts.FunctionKey(5, obj, ".text.run_fast_if"), NativeLayouts.FunctionKey(5, obj, ".text.run_fast_if"));
        Assert.NotEqual(NativeLayouts.FunctionKey(5, obj, ".text.run_fast_if"), NativeLayouts.FunctionKey(6, obj, ".text.run_fast_if"));
        Assert.NotEqual(NativeLayouts.FunctionKey(5, obj, ".text.run_fast_if"), NativeLayouts.FunctionKey(5, obj.Replace("_if.", "_ops."), ".text.run_fast_if"));
        // sorted after the padding's section (".text.sorted.0"): every key starts with 1 and has one length
        var keys = Enumerable.Range(1, 50).Select(i => NativeLayouts.FunctionKey(i, obj, ".text.pp_alloc_if")).ToList();
        Assert.All(keys, k => Assert.Matches("^1[0-9a-f]{15}$", k));
    }

    [Fact]
    public void SecondAsk_TakesTheVariantsAlreadyLinked()
    {
        var library = NativeLibraryLocator.Resolve();
        var first = NativeLayouts.For(library, Count);
        var written = first.Libraries.Select(File.GetLastWriteTimeUtc).ToList();
        var second = NativeLayouts.For(library, Count, log: line => Assert.Fail($"linked again: {line}"));
        Assert.Equal(first.Libraries, second.Libraries);
        Assert.Equal(written, second.Libraries.Select(File.GetLastWriteTimeUtc).ToList());
    }

    [Fact]
    public void ACopyWithNoBuildAtHand_RunsItsOneLayout_AndSaysWhy()
    {
        using var dir = new TempDir();
        var copy = dir.File("libbenchnative.so");
        File.Copy(NativeLibraryLocator.Resolve(), copy);
        var pool = NativeLayouts.For(copy, Count);
        Assert.Equal([copy], pool.Libraries);
        Assert.Contains("not at hand", pool.Unavailable);
    }

    [Fact]
    public void ALibraryThatIsNotItsBuildsOutput_IsNotRelinked()
    {
        using var dir = new TempDir();
        var copy = dir.File("libbenchnative.so");
        File.Copy(NativeLibraryLocator.Resolve("k1"), copy);
        File.WriteAllText(dir.File(NativeLayouts.BuildDirFile), NativeLayouts.BuildDirOf(NativeLibraryLocator.Resolve()));
        var pool = NativeLayouts.For(copy, Count);
        Assert.Equal([copy], pool.Libraries);
        Assert.Contains("is not the library of its build folder", pool.Unavailable);
    }

    [Fact]
    public void Plan_PaddingDependsOnTheIndexAlone_SoVariantIOfTwoBuildsPairs()
    {
        // a head that gained an object still puts variant i behind variant i's padding
        string[] baseObjects = ["a.o", "b.o", "c.o"];
        string[] headObjects = ["a.o", "b.o", "c.o", "new.o"];
        for (var i = 1; i < 20; i++)
            Assert.Equal(NativeLayouts.Plan(baseObjects, i).Padding, NativeLayouts.Plan(headObjects, i).Padding);
        Assert.True(Enumerable.Range(1, 19).Select(i => NativeLayouts.Plan(baseObjects, i).Padding).Distinct().Count() > 10);
    }

    [Fact]
    public void Plan_IsSeededAndVariantZeroIsTheBuildsOwn()
    {
        string[] objects = ["a.o", "b.o", "c.o", "d.o"];
        Assert.Equal((0, (IReadOnlyList<string>)objects), NativeLayouts.Plan(objects, 0));
        var (padding, order) = NativeLayouts.Plan(objects, 3);
        Assert.Equal(NativeLayouts.Plan(objects, 3).Padding, padding);
        Assert.Equal(NativeLayouts.Plan(objects, 3).Objects, order);
        Assert.InRange(padding, 64, NativeLayouts.MaxPaddingBytes);
        Assert.Equal(0, padding % 64);
        Assert.Equal(objects.Order(), order.Order());
    }
}
