namespace Pyflame.Output.FlameGraph;

/// <summary>What a flame graph box stands for; pseudo frames get neutral colours.</summary>
internal enum FlameNodeKind
{
    Function,
    Root,
    Thread,
    Idle,
    Failed,
}
