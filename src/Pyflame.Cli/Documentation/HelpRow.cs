namespace Pyflame.Cli.Documentation;

/// <summary>One row of --help: the label ("-p, --pid &lt;PID&gt;") and the description.</summary>
internal sealed record HelpRow(string Label, string Description);
