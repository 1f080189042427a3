using System.Diagnostics;

namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>
/// Debian's own Python applications (packages pylint, python3-sphinx, mercurial, installed by .ci/run) and the
/// inputs real_code.py runs them on, made once per test run in a temporary folder.
/// </summary>
internal static class RealApplications
{
    /// <summary>Debian's packages run on Debian's interpreter.</summary>
    public const string Interpreter = "debian-3.11";

    public static IReadOnlyList<string> Names { get; } = ["pylint", "sphinx", "hg"];

    private static readonly Lazy<string> s_work = new(CreateInputs);

    public static string[] Arguments(string workload) => workload switch
    {
        "stdlib" => ["stdlib"],
        "pylint" => ["pylint", Path.Combine(s_work.Value, "pylint-input")],
        "sphinx" => ["sphinx", Path.Combine(s_work.Value, "sphinx-input"), Path.Combine(s_work.Value, "sphinx-output")],
        "hg" => ["hg", Path.Combine(s_work.Value, "hg-repo"), "module.py"],
        _ => throw new ArgumentException($"unknown workload {workload}", nameof(workload)),
    };

    private static string CreateInputs()
    {
        foreach (string tool in new[] { "/usr/bin/pylint", "/usr/bin/sphinx-build", "/usr/bin/hg" })
        {
            Assert.True(File.Exists(tool), $"{tool} is missing: .ci/run installs Debian's pylint, python3-sphinx and mercurial (apt-get install pylint python3-sphinx mercurial)");
        }

        string work = Directory.CreateTempSubdirectory("pyflame-real-apps-").FullName;
        // pylint: three real modules of Debian's mercurial package (about 10k lines of someone else's code).
        string pylintInput = Directory.CreateDirectory(Path.Combine(work, "pylint-input")).FullName;
        foreach (string name in new[] { "util.py", "context.py", "commands.py" })
        {
            File.Copy(Path.Combine("/usr/lib/python3/dist-packages/mercurial", name), Path.Combine(pylintInput, name));
        }

        // sphinx: a project documenting two standard-library modules with autodoc.
        string sphinxInput = Directory.CreateDirectory(Path.Combine(work, "sphinx-input")).FullName;
        File.WriteAllText(Path.Combine(sphinxInput, "conf.py"), "project = 'real'\nextensions = ['sphinx.ext.autodoc']\n");
        File.WriteAllText(Path.Combine(sphinxInput, "index.rst"),
            "Real\n====\n\n.. automodule:: json\n   :members:\n\n.. automodule:: difflib\n   :members:\n\n.. automodule:: textwrap\n   :members:\n");
        // mercurial: a file with a history of 30 commits to annotate.
        string repo = Directory.CreateDirectory(Path.Combine(work, "hg-repo")).FullName;
        Hg(repo, "init");
        string file = Path.Combine(repo, "module.py");
        for (int commit = 0; commit < 30; commit++)
        {
            File.AppendAllLines(file, Enumerable.Range(0, 20).Select(i => $"value_{commit}_{i} = {commit * i}"));
            Hg(repo, commit == 0 ? "add" : "status", commit == 0 ? "module.py" : "-q");
            Hg(repo, "commit", "-q", "-u", "test", "-m", $"change {commit}");
        }

        return work;
    }

    private static void Hg(string repo, params string[] arguments)
    {
        ProcessStartInfo start = new("/usr/bin/hg") { WorkingDirectory = repo, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["HGPLAIN"] = "1";
        start.Environment["HGRCPATH"] = "";
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        string error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"hg {string.Join(' ', arguments)} failed: {error}");
    }
}
