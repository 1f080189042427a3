using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Pyflame.TestSupport;

namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>
/// Builds tests/targets/embed_host.c against a CPython's libpython with gcc, once per source and
/// config script, into a temp directory. Flags come from python3.X-config (--cflags, --embed --ldflags)
/// plus an rpath to the install's lib directory so the host finds the shared libpython at run time.
/// For an interpreter in a Debian root, the root's own gcc and config script build it inside the root.
/// </summary>
internal static class EmbedHost
{
    private static readonly ConcurrentDictionary<string, Lazy<string>> Built = new(StringComparer.Ordinal);
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(120);

    /// <summary>gcc's path (inside the interpreter's root), or null when it is not installed there.</summary>
    public static string? CompilerPath(TestPython python) =>
        new[] { "/usr/bin/gcc", "/usr/local/bin/gcc" }.FirstOrDefault(gcc => python.Root is { } root && File.Exists(Path.Join(root, gcc)));

    /// <summary>Path (inside the interpreter's root) of the built host: a program named embed_host, not python.</summary>
    public static string Build(TestPython python) =>
        Built.GetOrAdd($"{python.RootName}\n{python.Program}", _ => new Lazy<string>(() => Compile(python))).Value;

    private static string Compile(TestPython python)
    {
        string source = python.Stage(RepoPaths.Target("embed_host.c"));
        string configScript = python.Program;
        string key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(File.ReadAllText(RepoPaths.Target("embed_host.c")) + python.RootName + configScript)))[..16];
        string directory = $"/tmp/pyflame-e2e/embed_host-{key}";
        string output = directory + "/embed_host";
        if (File.Exists(Path.Join(python.Root, output)))
        {
            return output;
        }

        Directory.CreateDirectory(Path.Join(python.Root, directory));
        string prefix = Config(python, "--prefix").Trim();
        var arguments = new List<string> { "-o", output + ".tmp", source };
        arguments.AddRange(Split(Config(python, "--cflags")));
        arguments.AddRange(Split(Config(python, "--embed", "--ldflags")));
        arguments.Add("-lpthread");
        arguments.Add($"-Wl,-rpath,{prefix}/lib");
        string compiler = CompilerPath(python) ?? throw new InvalidOperationException($"gcc is not installed in {python.Root}");
        ChildProcessResult gcc = Run(python, compiler, arguments);
        if (gcc.ExitCode != 0)
        {
            throw new InvalidOperationException($"building embed_host failed:\n{gcc.Describe()}");
        }

        // Rename into place so concurrent test processes never run a half-written binary.
        File.Move(Path.Join(python.Root, output + ".tmp"), Path.Join(python.Root, output), overwrite: true);
        return output;
    }

    private static string Config(TestPython python, params string[] arguments)
    {
        ChildProcessResult result = Run(python, python.Program, arguments);
        return result.ExitCode == 0 ? result.StdoutText
            : throw new InvalidOperationException($"{python.Program} failed:\n{result.Describe()}");
    }

    private static ChildProcessResult Run(TestPython python, string program, IEnumerable<string> arguments)
    {
        IReadOnlyList<string> command = python.CommandFor(program, arguments);
        return ChildProcess.Run(command[0], command.Skip(1), ToolTimeout);
    }

    private static string[] Split(string flags) => flags.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
}
