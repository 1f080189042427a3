using Pyflame.Cli.Console;

namespace Pyflame.Cli.Tests.CommandLine;

/// <summary>An <see cref="IConsole"/> whose stderr is kept for assertions and whose stdout is discarded.</summary>
internal sealed class FakeConsole : IConsole
{
    public TextWriter Error { get; } = new StringWriter { NewLine = "\n" };

    public TextReader In { get; } = new StringReader("");

    public Stream OpenStandardOutput() => new MemoryStream();
}
