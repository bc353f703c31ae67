namespace LsatsHub.Warehouse.Validation;

/// <summary>The outcome of <see cref="SchemaValidator.ValidateAsync"/>.</summary>
/// <param name="Checks">Every check, in the order run.</param>
public sealed record ValidationReport(IReadOnlyList<ValidationCheck> Checks)
{
    /// <summary>True when every check passed.</summary>
    public bool AllPassed => Checks.All(check => check.Passed);
}
