using Bench.Core;
using Bench.Core.Running.Managed;
using Bench.Suite.Host;
using Bench.Tests.TestSupport;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Bench.Tests.Running;

/// <summary>
/// The managed half of the suite contract on assemblies compiled here, as a suite's would be:
/// kernels listed by a catalog beside marked classes, and every way a suite can get it wrong.
/// </summary>
public class SuiteAssemblyTests
{
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing Bench.Suite;\n";

    private const string Kernels = Usings + """
        public sealed class Loop : IBenchKernel
        {
            private readonly ulong _step;
            public Loop(ulong step) => _step = step;
            public ulong Run(ulong loops) { ulong acc = 0; for (ulong i = 0; i < loops; i++) acc += _step; return acc / _step; }
            public string? Close() => null;
        }
        """;

    /// <summary>Compiles <paramref name="source"/> (with the kernels above) against the contract into <c>NAME.dll</c> in <paramref name="dir"/>.</summary>
    private static string Compile(TempDir dir, string name, string source)
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileNameWithoutExtension(p) is "System.Runtime" or "System.Private.CoreLib" or "System.Collections" or "netstandard");
        var compilation = CSharpCompilation.Create(name,
            [CSharpSyntaxTree.ParseText(Kernels), CSharpSyntaxTree.ParseText(Usings + source)],
            platform.Append(typeof(Bench.Suite.IBenchKernel).Assembly.Location).Select(p => MetadataReference.CreateFromFile(p)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var path = dir.File(name + ".dll");
        var emitted = compilation.Emit(path);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return path;
    }

    private static string Catalog(string kernels, string open = "new Loop(3)") => $$"""
        public sealed class Matrix : IBenchKernelCatalog
        {
            public IReadOnlyList<BenchKernelDescription> Kernels => new BenchKernelDescription[] { {{kernels}} };
            public IBenchKernel Open(string id) => {{open}};
        }
        """;

    [Fact]
    public void ACatalogsKernels_LoadBesideMarkedClasses_WithTheirTags_AndRun()
    {
        using var dir = new TempDir();
        var path = Compile(dir, "Matrix", Catalog("""new("m/a/on", "case=m style=a provider=on"), new("m/a/off", "case=m style=a provider=off width=4")""") + """
            [BenchKernel("m/plain", Tags = "case=plain")]
            public sealed class Plain : IBenchKernel
            {
                public ulong Run(ulong loops) => loops;
                public string? Close() => null;
            }
            """);
        var assembly = ManagedKernelAssembly.Load(new ManagedKernelSpec(path));
        // types in order of their names, a catalog's kernels in its order
        Assert.Equal(["managed/m/a/on", "managed/m/a/off", "managed/m/plain"], assembly.Kernels.Select(k => k.Id));
        var off = assembly.Kernels[1];
        Assert.Equal(("m", "a", (bool?)false), (off.Case, off.Style, off.Provider));
        Assert.Equal("case=m style=a provider=off width=4", string.Join(' ', off.Tags.Select(t => $"{t.Key}={t.Value}")));
        Assert.True(assembly.Kernels[0].Provider);
        Assert.Null(assembly.Kernels[2].Provider);

        var session = assembly.Open(1, out var status, out var error);
        Assert.True(session is not null, error);
        Assert.Equal(NativeStatus.Ok, session.Sample(4096, out var sample, out error));
        Assert.Equal(4096ul, sample.Invocations);
        Assert.Null(session.Close());
    }

    [Fact]
    public void ACatalogWhoseOpenThrows_FailsThatKernelsOpen_WithItsMessage()
    {
        using var dir = new TempDir();
        var path = Compile(dir, "Throws", Catalog("""new("m/x", "case=m")""", """throw new InvalidOperationException("no such table: " + id)"""));
        var assembly = ManagedKernelAssembly.Load(new ManagedKernelSpec(path));
        var session = assembly.Open(0, out var status, out var error);
        Assert.Null(session);
        Assert.Equal(NativeStatus.InvalidArgument, status);
        Assert.Contains("cannot open managed/m/x", error);
        Assert.Contains("no such table: m/x", error);
    }

    [Theory]
    [InlineData("""new("M/Bad", "case=m")""", "the kernel \"M/Bad\" of the catalog Matrix has an ID outside the grammar")]
    [InlineData("""new("m/x", "case=m"), new("m/x", "case=m")""", "the kernel \"m/x\" of the catalog Matrix has the ID of another kernel")]
    [InlineData("""new("m/x", "case=m case=n")""", "has tags \"case=m case=n\": tag 'case' is given twice")]
    [InlineData("""new("m/x", "fast")""", "tag 'fast' is not key=value")]
    [InlineData("", "holds no managed kernel")]
    [InlineData("null!", "lists no kernels, a null one, or one without an ID")]
    public void WhatACatalogGetsWrong_IsRefusedAtLoad_NamingIt(string kernels, string expected)
    {
        using var dir = new TempDir();
        var path = Compile(dir, "Bad", Catalog(kernels));
        var e = Assert.Throws<BenchException>(() => ManagedKernelAssembly.Load(new ManagedKernelSpec(path)));
        Assert.Equal(ExitCodes.EnvironmentProblem, e.ExitCode);
        Assert.Contains(expected, e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void ACatalogThatCannotList_OrIsNotPublic_IsRefusedAtLoad()
    {
        using var dir = new TempDir();
        var failing = Compile(dir, "Failing", """
            public sealed class Matrix : IBenchKernelCatalog
            {
                public IReadOnlyList<BenchKernelDescription> Kernels => throw new InvalidOperationException("the table file is missing");
                public IBenchKernel Open(string id) => new Loop(1);
            }
            """);
        var e = Assert.Throws<BenchException>(() => ManagedKernelAssembly.Load(new ManagedKernelSpec(failing)));
        Assert.Contains("the catalog Matrix failed to list its kernels: the table file is missing", e.Message);

        var hidden = Compile(dir, "Hidden", Catalog("""new("m/x", "case=m")""").Replace("public sealed class Matrix", "internal sealed class Matrix"));
        e = Assert.Throws<BenchException>(() => ManagedKernelAssembly.Load(new ManagedKernelSpec(hidden)));
        Assert.Contains("the catalog Matrix must be a public class with a public parameterless constructor", e.Message);
    }

    [Fact]
    public void InjectedCalls_GoOnlyIntoAnAssemblyThatSaysItTakesThem()
    {
        using var dir = new TempDir();
        var plain = Compile(dir, "Plain", Catalog("""new("m/x", "case=m")"""));
        var e = Assert.Throws<BenchException>(() => ManagedKernelAssembly.Load(new ManagedKernelSpec(plain, InjectCalls: 1)));
        Assert.Equal(ExitCodes.UsageError, e.ExitCode);
        Assert.Contains("does not say [assembly: Bench.Suite.TakesInjectedCalls]", e.Message);

        var willing = Compile(dir, "Willing", "[assembly: TakesInjectedCalls]\n" + Catalog("""new("m/x", "case=m")"""));
        Assert.Equal(1, ManagedKernelAssembly.Load(new ManagedKernelSpec(willing, InjectCalls: 1)).Describe().Managed!.InjectCalls);
    }
}
