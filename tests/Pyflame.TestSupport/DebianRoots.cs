using System.Collections.Concurrent;

namespace Pyflame.TestSupport;

/// <summary>
/// The Debian roots that tools/debian-root/ensure builds (by default /var/cache/pyflame/debian-SUITE, or
/// PYFLAME_DEBIAN_SID_ROOT): a root counts only once its build finished (its .pyflame-root stamp exists).
/// </summary>
public static class DebianRoots
{
    private static readonly ConcurrentDictionary<string, Lazy<bool>> Staged = new(StringComparer.Ordinal);

    public static string? PathOf(string rootName)
    {
        if (!rootName.StartsWith("debian-", StringComparison.Ordinal))
        {
            throw new ArgumentException($"unknown root '{rootName}' in tests/pythons.list", nameof(rootName));
        }

        string suite = rootName["debian-".Length..];
        string path = Environment.GetEnvironmentVariable($"PYFLAME_DEBIAN_{suite.ToUpperInvariant()}_ROOT") is { Length: > 0 } overridden
            ? overridden
            : Path.Combine(Environment.GetEnvironmentVariable("PYFLAME_CACHE") is { Length: > 0 } cache ? cache : "/var/cache/pyflame", rootName);
        return File.Exists(Path.Combine(path, ".pyflame-root")) ? path : null;
    }

    /// <summary>Copies a host file into <paramref name="root"/> at its own absolute path, once per file and content.</summary>
    public static string Stage(string root, string hostPath)
    {
        string full = Path.GetFullPath(hostPath);
        string inside = Path.Join(root, full);
        string key = $"{inside}\n{File.GetLastWriteTimeUtc(full).Ticks}";
        _ = Staged.GetOrAdd(key, _ => new Lazy<bool>(() =>
        {
            Directory.CreateDirectory(Path.GetDirectoryName(inside)!);
            string temporary = $"{inside}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
            File.Copy(full, temporary, overwrite: true);
            File.Move(temporary, inside, overwrite: true); // atomic: a concurrent test never runs half a script
            return true;
        })).Value;
        return full;
    }
}
