using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>
/// Builds tests/targets/embed_host.c against a CPython's libpython with gcc, once per source and
/// config script, into a temp directory. Flags come from python3.X-config (--cflags, --embed --ldflags)
/// plus an rpath to the install's lib directory so the host finds the shared libpython at run time.
/// </summary>
internal static class EmbedHost
{
    private static readonly ConcurrentDictionary<string, Lazy<string>> Built = new(StringComparer.Ordinal);
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(120);

    /// <summary>gcc's path, or null when it is not installed.</summary>
    public static string? CompilerPath() =>
        new[] { "/usr/bin/gcc", "/usr/local/bin/gcc" }.FirstOrDefault(File.Exists);

    /// <summary>Path of the built host (a program named embed_host, not python).</summary>
    public static string Build(string configScript) => Built.GetOrAdd(configScript, key => new Lazy<string>(() => Compile(key))).Value;

    private static string Compile(string configScript)
    {
        string source = RepoPaths.Target("embed_host.c");
        string key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(File.ReadAllText(source) + configScript)))[..16];
        string directory = Path.Combine(Path.GetTempPath(), "pyflame-e2e", $"embed_host-{key}");
        string output = Path.Combine(directory, "embed_host");
        if (File.Exists(output))
        {
            return output;
        }

        Directory.CreateDirectory(directory);
        string prefix = Config(configScript, "--prefix").Trim();
        var arguments = new List<string> { "-o", output + ".tmp", source };
        arguments.AddRange(Split(Config(configScript, "--cflags")));
        arguments.AddRange(Split(Config(configScript, "--embed", "--ldflags")));
        arguments.Add("-lpthread");
        arguments.Add($"-Wl,-rpath,{prefix}/lib");
        string compiler = CompilerPath() ?? throw new InvalidOperationException("gcc is not installed");
        ChildProcessResult gcc = ChildProcess.Run(compiler, arguments, ToolTimeout);
        if (gcc.ExitCode != 0)
        {
            throw new InvalidOperationException($"building embed_host failed:\n{gcc.Describe()}");
        }

        // Rename into place so concurrent test processes never run a half-written binary.
        File.Move(output + ".tmp", output, overwrite: true);
        return output;
    }

    private static string Config(string configScript, params string[] arguments)
    {
        ChildProcessResult result = ChildProcess.Run(configScript, arguments, ToolTimeout);
        return result.ExitCode == 0 ? result.StdoutText
            : throw new InvalidOperationException($"{configScript} failed:\n{result.Describe()}");
    }

    private static string[] Split(string flags) => flags.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
}
