namespace Pyflame.Cli.Live;

/// <summary>The live table's sort column (keys 1-4, or s to cycle).</summary>
internal enum LiveSort
{
    Own,
    Total,
    Function,
    File,
}
