namespace Pyflame.Core.Model;

/// <summary>A stack that could not be read: its <see cref="FailureCause"/>, and the words a user sees (<see cref="Text"/>).</summary>
public sealed record ReadFailure(FailureCause Cause, string Text)
{
    public static ReadFailure Unreadable(string text) => new(FailureCause.Unreadable, text);

    public static ReadFailure Changing(string text) => new(FailureCause.Changing, text);

    public static ReadFailure TooDeep(string text) => new(FailureCause.TooDeep, text);

    public override string ToString() => Text;
}
