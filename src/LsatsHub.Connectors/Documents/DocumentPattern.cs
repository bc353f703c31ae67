namespace LsatsHub.Connectors.Documents;

/// <summary>A kind of document drop: files named <c>{Prefix}*{Extension}</c>.</summary>
/// <param name="Prefix">The start of the file name, e.g. <c>lab_awards</c>.</param>
/// <param name="Extension">The extension with its dot, e.g. <c>.csv</c>.</param>
public sealed record DocumentPattern(string Prefix, string Extension)
{
    /// <summary>The lab awards export (D1).</summary>
    public static DocumentPattern LabAwards { get; } = new("lab_awards", ".csv");

    /// <summary>The KeyConfigure computers export (D2).</summary>
    public static DocumentPattern KeyConfigureComputers { get; } = new("keyconfigure_computers", ".xlsx");

    /// <inheritdoc />
    public override string ToString() => $"{Prefix}*{Extension}";
}
