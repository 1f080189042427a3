namespace Pyflame.Cli;

/// <summary>Process exit codes; in trace mode the child's own status is returned instead.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int TargetError = 1;
    public const int UsageError = 2;
    public const int InternalError = 70;
    public const int CommandNotFound = 127;
}
