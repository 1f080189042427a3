using System.Globalization;

namespace Pyflame.Cli.Session;

/// <summary>
/// Where a profile goes when its output refused it: a new file in $TMPDIR (or /tmp), created exclusively so an
/// existing file or a planted symbolic link is never written through. Returns the clause the error line ends with.
/// </summary>
internal static class SavedCopy
{
    public static string Save(SinkPlan plan)
    {
        string stamp = DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        string path = Path.Join(Path.GetTempPath(), $"pyflame-{plan.TargetPid}-{stamp}-{Environment.ProcessId}{plan.FallbackExtension}");
        try
        {
            using OutputTarget copy = OutputTarget.OpenFile(path);
            plan.Render(copy);
            copy.Commit();
            return $"the profile was saved to {path} instead";
        }
        catch (Exception e) when (e is OutputException or UsageException)
        {
            return $"it could not be saved to {Path.GetTempPath()} either ({e.Message}), so it is lost";
        }
    }
}
