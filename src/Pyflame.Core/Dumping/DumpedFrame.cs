using Pyflame.Core.Model;
using Pyflame.Core.Python.Locals;

namespace Pyflame.Core.Dumping;

/// <summary>One frame of a dump: what it runs, its qualified name (3.11+ co_qualname, else null) and, when asked for and readable, its variables.</summary>
public sealed record DumpedFrame(FrameInfo Frame, string? QualifiedName, IReadOnlyList<LocalVariable>? Locals);
