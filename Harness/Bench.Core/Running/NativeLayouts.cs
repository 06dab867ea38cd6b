using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Bench.Core.Running;

/// <summary>
/// Layout variants of one kernel library: the same compiled objects linked again, each variant
/// behind a padding object of seeded random size, with its objects in a seeded random order and
/// every function in a seeded random place, so the hot code lands at other page offsets, other
/// cache sets and other distances from the code it calls, while not one instruction changes (Mytkowicz et al., ASPLOS 2009: link order alone biases a measurement; Curtsinger and
/// Berger's Stabilizer, ASPLOS 2013: randomize the layout and average over it). The kernels are
/// compiled with <c>-falign-functions=64 -falign-loops=64</c>, so every object's code starts on a
/// cache line: the padding moves it in whole lines, up to <see cref="MaxPaddingBytes"/>, which
/// is the kind of move an unrelated function added above the hot code makes.
/// <para>
/// The kernels are also compiled with <c>-ffunction-sections</c>, so each function is a section of
/// its own. A variant renames each function's section to <c>.text.sorted.{key}</c> (objcopy), and
/// the linker's default script puts those sections first, sorted by name across all objects: the
/// functions are shuffled over the whole library, not only the objects. A function added in the
/// middle of a file moves the functions after it within their object, which neither padding nor
/// object order changes; with the functions shuffled, which functions it moves is itself drawn at
/// random, variant by variant. A function's key hashes the variant's index, its object's path and
/// its section's name, so two builds that share a function put it in the same order relative to
/// every other function they share, and a function only one build has lands at a random place.
/// </para>
/// <para>
/// The link is CMake's own command for the library (<c>CMakeFiles/{target}.dir/link.txt</c>, the
/// Makefile generator's), run again with the padding object first and the objects reordered: a
/// relink, not a recompile. Variants go beside the library, in <c>layouts/{name}.{count}/</c>, with a
/// manifest naming the library's hash and each variant's padding and order; a manifest whose hash
/// is not the library's is stale and the variants are linked again.
/// </para>
/// <para>
/// A variant's plan depends on its index alone (its padding first, then its order), so variant i
/// of the base and variant i of the head sit behind the same padding: a paired run loads them in
/// one placement, and the layout's effect on code both builds share cancels in their difference.
/// The pool is large (<see cref="DefaultCount"/>) so that a run's launches draw layouts no other
/// launch of the run drew: each launch is then an independent draw of the layout as well as of
/// the machine, which is what the interval over launches assumes (with a pool of 8 reused by 32
/// to 160 launches, the run's effect was the effect over those 8 layouts, and it could lie
/// outside an interval that took the launches as independent).
/// </para>
/// </summary>
public static partial class NativeLayouts
{
    /// <summary>
    /// Variants linked per library unless told otherwise: enough that the gate's looks up to the
    /// fourth (96 launches of 2 placements) draw each layout at most once, and that the layouts' own
    /// spread, which the interval keeps for reused layouts as σ·√(1/M − 1/N) whatever the launches,
    /// stays under a quarter of a cycle at the fifth (with 64, about ±0.24 at 192 launches on the
    /// dispatch kernels: a true +0.17 could never be called Same within ±0.38).
    /// </summary>
    public const int DefaultCount = 256;

    /// <summary>The most variants linked per library.</summary>
    public const int MaxCount = 256;

    /// <summary>The largest padding: two pages, so the code's offset within a page and its 4 KiB-aliasing set both vary.</summary>
    public const int MaxPaddingBytes = 8192;

    /// <summary>The file beside the CLI naming the CMake build folder its kernels came from (written by the build).</summary>
    public const string BuildDirFile = "native-build-dir.txt";

    private const string Manifest = "manifest.txt";
    /// <summary>How variants are made: a build cached with layouts of another scheme is another build (<see cref="BuildCache.ToolchainKey"/>).</summary>
    public const int Scheme = 3;

    /// <summary>The section the padding goes in: first of the sorted ones, before every function.</summary>
    private const string SortedPrefix = ".text.sorted.";

    /// <summary>The variants to load, or the reason there are none (then each side runs its one layout).</summary>
    public sealed record Pool(IReadOnlyList<string> Libraries, string? Unavailable)
    {
        public static Pool Single(string library, string why) => new([library], why);
    }

    /// <summary>
    /// <paramref name="count"/> layout variants of <paramref name="library"/>, linked now where they
    /// are missing or stale. The library must be its CMake build's output (or a copy beside a
    /// <see cref="BuildDirFile"/>, as the CLI's is), or already have its variants beside it (a cached base).
    /// </summary>
    public static Pool For(string library, int count, Action<string>? log = null)
    {
        library = Path.GetFullPath(library);
        if (count <= 1)
            return Pool.Single(library, "one layout asked for");
        if (!File.Exists(library))
            return Pool.Single(library, $"{library} is missing");
        var name = Path.GetFileNameWithoutExtension(library);
        var hash = Hash(library);
        var beside = Path.Combine(Path.GetDirectoryName(library)!, "layouts", Folder(name, count));
        if (Read(beside, hash, count) is { } kept)
            return new Pool(kept, null);
        var buildDir = BuildDirOf(library);
        if (buildDir is null)
            return Pool.Single(library, $"the CMake build {library} came from is not at hand, so it cannot be linked in other layouts");
        var built = Path.Combine(buildDir, "bin", Path.GetFileName(library));
        if (!File.Exists(built) || Hash(built) != hash)
            return Pool.Single(library, $"{library} is not the library of its build folder {buildDir} (rebuild it)");
        var target = name.StartsWith("lib", StringComparison.Ordinal) ? name[3..] : name;
        var linkTxt = Path.Combine(buildDir, "CMakeFiles", target + ".dir", "link.txt");
        if (!File.Exists(linkTxt))
            return Pool.Single(library, $"{linkTxt} is missing (the layouts relink with the Makefile generator's link command)");
        var outDir = Path.Combine(buildDir, "bin", "layouts", Folder(name, count));
        if (Read(outDir, hash, count) is not { } linked)
        {
            log?.Invoke($"linking {count} layouts of {Path.GetFileName(library)} in {outDir}");
            try
            {
                linked = Link(buildDir, File.ReadAllText(linkTxt), outDir, hash, count, name);
            }
            catch (BenchException e)
            {
                return Pool.Single(library, e.Message);
            }
        }
        return new Pool(linked, null);
    }

    /// <summary>The CMake build folder of a library: its own bin/'s parent, or the one the CLI's build wrote down.</summary>
    public static string? BuildDirOf(string library)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(library))!;
        var parent = Path.GetDirectoryName(dir);
        if (parent is not null && Path.GetFileName(dir) == "bin" && File.Exists(Path.Combine(parent, "CMakeCache.txt")))
            return parent;
        var note = Path.Combine(dir, BuildDirFile);
        if (!File.Exists(note))
            return null;
        var recorded = File.ReadAllText(note).Trim();
        return recorded.Length > 0 && File.Exists(Path.Combine(recorded, "CMakeCache.txt")) ? Path.GetFullPath(recorded) : null;
    }

    /// <summary>The padding and object order of variant <paramref name="index"/> of <paramref name="objects"/>: variant 0 is the build's own link.</summary>
    public static (int Padding, IReadOnlyList<string> Objects) Plan(IReadOnlyList<string> objects, int index)
    {
        if (index == 0)
            return (0, objects);
        var rng = new Random(unchecked(0x1a7e0 + index * 7919));
        // the padding first: it depends on the index alone, whatever objects the build has
        var padding = rng.Next(1, MaxPaddingBytes / 64 + 1) * 64;
        var order = objects.ToArray();
        rng.Shuffle(order);
        return (padding, order);
    }

    private static IReadOnlyList<string>? Read(string dir, string hash, int count)
    {
        var manifest = Path.Combine(dir, Manifest);
        if (!File.Exists(manifest))
            return null;
        var lines = File.ReadAllLines(manifest);
        if (lines.Length < 2 || lines[0] != $"scheme {Scheme} {hash}" || lines[1] != $"variants {count}")
            return null;
        var files = Enumerable.Range(0, count).Select(i => Path.Combine(dir, VariantName(i))).ToList();
        return files.All(File.Exists) ? files : null;
    }

    private static string VariantName(int i) => $"L{i}.so";

    private static string Folder(string name, int count) => $"{name}.{count.ToString(CultureInfo.InvariantCulture)}";

    private static IReadOnlyList<string> Link(string buildDir, string command, string outDir, string hash, int count, string name)
    {
        var words = Words(command);
        var o = words.IndexOf("-o");
        if (words.Count == 0 || o < 0 || o + 1 >= words.Count)
            throw BenchException.Environment($"cannot read the link command of {name}: no -o in `{command.Trim()}`");
        var objectAt = words.Select((w, i) => (w, i)).Where(x => x.w.EndsWith(".o", StringComparison.Ordinal)).Select(x => x.i).ToList();
        if (objectAt.Count == 0)
            throw BenchException.Environment($"cannot read the link command of {name}: it names no objects");
        var objects = objectAt.Select(i => words[i]).ToList();
        var (objcopy, readelf) = Binutils(buildDir);
        var sections = objects.ToDictionary(x => x, x => FunctionSections(readelf, x, buildDir), StringComparer.Ordinal);
        var staging = outDir + $".tmp-{Guid.NewGuid():n}";
        Directory.CreateDirectory(staging);
        var manifest = new StringBuilder($"scheme {Scheme} {hash}\nvariants {count}\n");
        try
        {
            var lines = new string[count];
            // linking is most of the cost of a pool (about 80 ms a variant here): one link a CPU at a time, before anything is measured
            void LinkOne(int i)
            {
                var (padding, order) = Plan(objects, i);
                var args = new List<string>();
                var pad = Path.Combine(staging, $"pad{i}.o");
                if (padding > 0)
                    Assemble(words[0], padding, pad, buildDir);
                var shuffled = new List<string>();
                var moved = 0;
                string Shuffled(string obj)
                {
                    if (i == 0 || sections[obj].Count == 0)
                        return obj;
                    var copy = Path.Combine(staging, $"v{i}-{shuffled.Count}.o");
                    var rename = new List<string>();
                    foreach (var section in sections[obj])
                        rename.AddRange(["--rename-section", $"{section}={SortedPrefix}{FunctionKey(i, obj, section)}"]);
                    Tool(objcopy, [.. rename, obj, copy], buildDir, $"place the functions of {obj} for layout {i} of {name}");
                    shuffled.Add(copy);
                    moved += sections[obj].Count;
                    return copy;
                }
                var objectIndex = 0;
                for (var w = 1; w < words.Count; w++)
                {
                    if (w == o + 1)
                        args.Add(Path.Combine(staging, VariantName(i)));
                    else if (objectAt.Contains(w))
                    {
                        if (objectIndex == 0 && padding > 0)
                            args.Add(pad);
                        args.Add(Shuffled(order[objectIndex++]));
                    }
                    else
                        args.Add(words[w]);
                }
                Tool(words[0], args, buildDir, $"link layout {i} of {name}");
                File.Delete(pad);
                foreach (var copy in shuffled)
                    File.Delete(copy);
                lines[i] = $"{VariantName(i)} padding {padding.ToString(CultureInfo.InvariantCulture)} functions-shuffled {moved.ToString(CultureInfo.InvariantCulture)} order {string.Join(' ', order.Select(Path.GetFileName))}\n";
            }
            try
            {
                Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, LinkOne);
            }
            catch (AggregateException e)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            }
            foreach (var line in lines)
                manifest.Append(line);
            File.WriteAllText(Path.Combine(staging, Manifest), manifest.ToString());
            // another run may have linked the same variants meanwhile and be loading them: keep those
            if (Read(outDir, hash, count) is { } theirs)
                return theirs;
            if (Directory.Exists(outDir))
                Directory.Delete(outDir, recursive: true); // stale (Read refused it): replaced whole
            Directory.CreateDirectory(Path.GetDirectoryName(outDir)!);
            Directory.Move(staging, outDir);
        }
        catch (IOException) when (Read(outDir, hash, count) is not null)
        {
            // another run linked the same variants first
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw BenchException.Environment($"cannot link the layouts of {name} in {outDir}: {e.Message}", e);
        }
        finally
        {
            if (Directory.Exists(staging))
                Directory.Delete(staging, recursive: true);
        }
        return Enumerable.Range(0, count).Select(i => Path.Combine(outDir, VariantName(i))).ToList();
    }

    /// <summary>
    /// The sort key of a function's section in variant <paramref name="index"/>: a hash of the index,
    /// the object and the section, so it is the same in every build that has that function. Keys
    /// start with 1, after the padding's 0.
    /// </summary>
    public static string FunctionKey(int index, string obj, string section) =>
        "1" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{index}\0{obj}\0{section}")))[..15];

    /// <summary>The sections of an object that hold one function each (<c>-ffunction-sections</c>), the ones a variant shuffles.</summary>
    private static IReadOnlyList<string> FunctionSections(string readelf, string obj, string cwd)
    {
        var r = IO.ToolProcess.Run(readelf, ["-SW", obj], cwd, "apt-get install binutils");
        if (r.ExitCode != 0)
            throw BenchException.Environment($"cannot list the sections of {obj}: `{readelf}` exited with {r.ExitCode}: {r.Stderr.Trim()}");
        return IsFunctionSection().Matches(r.Stdout).Select(m => m.Groups[1].Value)
            .Where(n => !Grouped.Any(g => n.StartsWith(g, StringComparison.Ordinal))).ToList();
    }

    /// <summary>Sections the linker gathers by kind (cold, hot, start-up, exit, already sorted): they keep their place.</summary>
    private static readonly string[] Grouped = [".text.unlikely", ".text.hot", ".text.startup", ".text.exit", SortedPrefix];

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*\[\s*\d+\]\s+(\.text\.\S+)\s+PROGBITS", System.Text.RegularExpressions.RegexOptions.Multiline)]
    private static partial System.Text.RegularExpressions.Regex IsFunctionSection();

    /// <summary>The objcopy and readelf the CMake build found (its cache), so a cross build would use its own.</summary>
    private static (string Objcopy, string Readelf) Binutils(string buildDir)
    {
        var cache = File.ReadAllLines(Path.Combine(buildDir, "CMakeCache.txt"));
        string Find(string key, string tool) =>
            cache.Where(l => l.StartsWith(key + ":", StringComparison.Ordinal)).Select(l => l[(l.IndexOf('=') + 1)..].Trim())
                .FirstOrDefault(v => v.Length > 0 && !v.EndsWith("-NOTFOUND", StringComparison.Ordinal))
            ?? throw BenchException.Environment($"{buildDir}/CMakeCache.txt names no {tool} ({key}), which places a layout's functions: `apt-get install binutils` and build again");
        return (Find("CMAKE_OBJCOPY", "objcopy"), Find("CMAKE_READELF", "readelf"));
    }

    /// <summary>An object whose one section is <paramref name="bytes"/> of int3, sorted before every function: it moves all the code after it.</summary>
    private static void Assemble(string compiler, int bytes, string output, string cwd)
    {
        var source = Path.ChangeExtension(output, ".s");
        File.WriteAllText(source, $"\t.section {SortedPrefix}0,\"ax\",@progbits\n\t.skip {bytes.ToString(CultureInfo.InvariantCulture)}, 0xcc\n\t.section .note.GNU-stack,\"\",@progbits\n");
        Tool(compiler, ["-c", source, "-o", output], cwd, "assemble a layout's padding");
        File.Delete(source);
    }

    private static void Tool(string file, IReadOnlyList<string> args, string cwd, string step)
    {
        var r = IO.ToolProcess.Run(file, args, cwd, "apt-get install gcc");
        if (r.ExitCode != 0)
            throw BenchException.Environment($"cannot {step}: `{file}` exited with {r.ExitCode}: {(r.Stderr + r.Stdout).Trim()}");
    }

    /// <summary>The words of a link command as CMake writes it (double quotes around a path with spaces).</summary>
    private static List<string> Words(string command)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        var any = false;
        foreach (var c in command)
        {
            if (c == '"')
            {
                quoted = !quoted;
                any = true;
            }
            else if (!quoted && char.IsWhiteSpace(c))
            {
                if (any)
                    words.Add(current.ToString());
                current.Clear();
                any = false;
            }
            else
            {
                current.Append(c);
                any = true;
            }
        }
        if (any)
            words.Add(current.ToString());
        return words;
    }

    private static string Hash(string file)
    {
        using var s = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(s))[..16];
    }
}
