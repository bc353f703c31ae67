using System.Globalization;
using LsatsHub.Connectors;
using Microsoft.Extensions.Configuration;

namespace LsatsHub.Compliance.Create;

/// <summary>
/// The fixed fields of a compliance ticket (the original's constants; docs/compliance.md). Each can be overridden by
/// <c>LSATS_COMPLIANCE_&lt;NAME&gt;</c>, e.g. <c>LSATS_COMPLIANCE_RESPONSIBLE_GROUP_ID=1678</c>.
/// </summary>
public sealed record ComplianceTicketSettings
{
    /// <summary>TypeID.</summary>
    public int TypeId { get; init; } = 652;

    /// <summary>TypeCategoryID.</summary>
    public int TypeCategoryId { get; init; } = 6;

    /// <summary>FormID.</summary>
    public int FormId { get; init; } = 107;

    /// <summary>SourceID.</summary>
    public int SourceId { get; init; } = 8;

    /// <summary>StatusID (620 = Awaiting Input, what the second and third outreach look for).</summary>
    public int StatusId { get; init; } = 620;

    /// <summary>ResponsibleGroupID (1678 = Unified List Management).</summary>
    public int ResponsibleGroupId { get; init; } = 1678;

    /// <summary>ServiceID.</summary>
    public int ServiceId { get; init; } = 2325;

    /// <summary>ServiceOfferingID.</summary>
    public int ServiceOfferingId { get; init; } = 281;

    /// <summary>ServiceCategoryID.</summary>
    public int ServiceCategoryId { get; init; } = 307;

    /// <summary>The defaults with any <c>LSATS_COMPLIANCE_*</c> override.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="ConnectorException">An override is not a positive whole number.</exception>
    public static ComplianceTicketSettings FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var defaults = new ComplianceTicketSettings();
        int Read(string name, int fallback)
        {
            var variable = "LSATS_COMPLIANCE_" + name;
            var text = configuration[variable]?.Trim();
            return string.IsNullOrEmpty(text) ? fallback
                : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value
                : throw new ConnectorException($"{variable} must be a positive whole number, got '{text}'.");
        }

        return new ComplianceTicketSettings
        {
            TypeId = Read("TYPE_ID", defaults.TypeId),
            TypeCategoryId = Read("TYPE_CATEGORY_ID", defaults.TypeCategoryId),
            FormId = Read("FORM_ID", defaults.FormId),
            SourceId = Read("SOURCE_ID", defaults.SourceId),
            StatusId = Read("STATUS_ID", defaults.StatusId),
            ResponsibleGroupId = Read("RESPONSIBLE_GROUP_ID", defaults.ResponsibleGroupId),
            ServiceId = Read("SERVICE_ID", defaults.ServiceId),
            ServiceOfferingId = Read("SERVICE_OFFERING_ID", defaults.ServiceOfferingId),
            ServiceCategoryId = Read("SERVICE_CATEGORY_ID", defaults.ServiceCategoryId),
        };
    }
}
