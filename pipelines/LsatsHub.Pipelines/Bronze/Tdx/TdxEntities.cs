using LsatsHub.Pipelines.Bronze.Common;

namespace LsatsHub.Pipelines.Bronze.Tdx;

/// <summary>The three TDX slices of bronze with the hash fields of T1, T2, T3 (docs/sources.md).</summary>
public static class TdxEntities
{
    /// <summary>The <c>source_system</c> of every TDX row.</summary>
    public const string SourceSystem = "tdx";

    /// <summary>The resource every TDX step holds: one TDX step at a time shares the per-IP rate limit.</summary>
    public const string Resource = "tdx-api";

    /// <summary>T1/T4: accounts, keyed by <c>ID</c>.</summary>
    public static readonly BronzeEntity Departments = new(SourceSystem, "department", ["ID", "Name", "Code", "Notes", "IsActive", "ParentID", "ManagerUID"]);

    /// <summary>T2/T5: people, keyed by <c>ExternalID</c>.</summary>
    public static readonly BronzeEntity Users = new(
        SourceSystem,
        "user",
        ["UID", "UserName", "FirstName", "LastName", "FullName", "PrimaryEmail", "AlternateEmail", "ExternalID", "AlternateID", "IsActive",
         "SecurityRoleName", "AuthenticationUserName", "TypeID", "Attributes", "Accounts"]);

    /// <summary>T3/T6: assets, keyed by <c>ID</c>.</summary>
    public static readonly BronzeEntity Assets = new(
        SourceSystem,
        "asset",
        ["ID", "Tag", "Name", "SerialNumber", "StatusID", "StatusName", "ProductModelID", "ProductModelName", "ManufacturerID", "ManufacturerName",
         "SupplierID", "SupplierName", "OwningDepartmentID", "OwningDepartmentName", "LocationID", "LocationName", "LocationRoomID", "LocationRoomName"]);
}
