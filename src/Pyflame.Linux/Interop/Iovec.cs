namespace Pyflame.Linux.Interop;

/// <summary><c>struct iovec</c> from sys/uio.h: a base address and a length.</summary>
internal struct Iovec
{
    internal ulong Base;
    internal ulong Length;
}
