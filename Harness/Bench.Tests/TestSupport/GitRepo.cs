using System.Diagnostics;

namespace Bench.Tests.TestSupport;

/// <summary>Small git repositories of the tests' own: an example suite copied in, commits, the head.</summary>
internal static class GitRepo
{
    /// <summary>Runs git in <paramref name="cwd"/>; a failure fails the test with git's words. Returns its standard output.</summary>
    public static string Git(string cwd, params string[] args)
    {
        var psi = new ProcessStartInfo("git") { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        var r = CliProcess.Finish(psi, null, TimeSpan.FromMinutes(1), "git " + string.Join(' ', args));
        Assert.True(r.ExitCode == 0, $"git {string.Join(' ', args)}: {r.Stderr}");
        return r.Stdout;
    }

    /// <summary>Commits everything in <paramref name="repo"/>.</summary>
    public static void Commit(string repo, string message)
    {
        Git(repo, "add", "-A");
        Git(repo, "-c", "user.email=test@example.com", "-c", "user.name=test", "commit", "-q", "-m", message);
    }

    public static string Head(string repo) => Git(repo, "rev-parse", "HEAD").Trim();

    /// <summary>A repository of its own at <paramref name="to"/> holding <c>examples/<paramref name="example"/></c> (without build output), committed once.</summary>
    public static string OfExample(string example, string to, string gitignore)
    {
        var from = Path.Combine(RepoRoot.Path, "examples", example);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(from, file);
            if (rel.Split(Path.DirectorySeparatorChar) is ["build" or "bin" or "obj", ..] or [_, "bin" or "obj", ..])
                continue;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(to, rel))!);
            File.Copy(file, Path.Combine(to, rel));
        }
        File.WriteAllText(Path.Combine(to, ".gitignore"), gitignore);
        Git(to, "init", "-q");
        Commit(to, $"the {example}");
        return to;
    }
}
