namespace Pyflame.Output.Formats;

/// <summary>Options shared by the profile writers.</summary>
/// <param name="Icicle">Flame graphs: root at the top, growing down, instead of the classic bottom-up flame.</param>
/// <param name="Exporter">Name and version written into formats that record their producer, e.g. <c>pyflame@2.0.0</c>.</param>
public sealed record ProfileWriteOptions(bool Icicle = false, string Exporter = "pyflame");
