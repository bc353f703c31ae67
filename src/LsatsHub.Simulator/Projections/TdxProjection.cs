using System.Globalization;
using System.Text.Json.Nodes;
using LsatsHub.Simulator.Generation;
using LsatsHub.Simulator.World;

namespace LsatsHub.Simulator.Projections;

/// <summary>The world as TDX returns it (docs/sources.md, TeamDynamix; real PascalCase field names).</summary>
public sealed class TdxProjection(WorldIndex index)
{
    private static readonly Guid ClientRole = new("2c3a7d8e-1a34-4f0b-9d1e-5f1b2a6c7d01");
    private static readonly Guid TechnicianRole = new("2c3a7d8e-1a34-4f0b-9d1e-5f1b2a6c7d02");

    /// <summary>The tenant's BEID (derived from the seed).</summary>
    public Guid Beid { get; } = RandomExtensions.Derive(index.World.Options.Seed, 50).NextGuid();

    /// <summary>Departments that have a TDX account.</summary>
    public IEnumerable<Department> AccountDepartments => index.World.Departments.Where(d => d.InTdx);

    /// <summary>People with a TDX user.</summary>
    public IEnumerable<Person> Users => index.World.People.Where(p => p.Presence.InTdx);

    /// <summary>Computers with a TDX asset.</summary>
    public IEnumerable<Computer> Assets => index.World.Computers.Where(c => c.InTdx);

    /// <summary>An account; <paramref name="full"/> adds Attributes and address (GET accounts/{id}).</summary>
    public JsonObject Account(Department department, bool full)
    {
        ArgumentNullException.ThrowIfNull(department);
        var parent = department.ParentDeptId is { } p && index.Departments.TryGetValue(p, out var parentDept) && parentDept.InTdx ? parentDept : null;
        var created = new DateTimeOffset(2015, 6, 1, 12, 0, 0, TimeSpan.Zero).AddDays(department.TdxAccountId % 900);
        var account = new JsonObject
        {
            ["ID"] = department.TdxAccountId,
            ["Name"] = $"{department.DeptId} - {department.Name}",
            ["Code"] = department.TdxCodeMissing ? string.Empty : department.DeptId,
            ["Notes"] = null,
            ["IsActive"] = true,
            ["ParentID"] = parent?.TdxAccountId,
            ["ParentName"] = parent is null ? null : $"{parent.DeptId} - {parent.Name}",
            ["ManagerUID"] = null,
            ["ManagerFullName"] = string.Empty,
            ["CreatedDate"] = Formats.TdxDate(created),
            ["ModifiedDate"] = Formats.TdxDate(created.AddDays(department.TdxAccountId % 3_000)),
        };
        if (full)
        {
            account["Address1"] = department.IsLsa ? "500 S State St" : string.Empty;
            account["Address2"] = string.Empty;
            account["City"] = "Ann Arbor";
            account["StateAbbr"] = "MI";
            account["PostalCode"] = "48109";
            account["Country"] = "USA";
            account["Attributes"] = new JsonArray();
        }

        return account;
    }

    /// <summary>A user; <paramref name="full"/> adds Attributes, Applications, GroupIDs... (GET people/{uid}).</summary>
    public JsonObject User(Person person, bool full)
    {
        ArgumentNullException.ThrowIfNull(person);
        var spelled = person.Dirt.TdxUniqnameSpelling ?? person.Uniqname;
        var lastName = person.Dirt.PreviousLastName ?? person.LastName;
        var department = person.DeptId is { } d && index.Departments.TryGetValue(d, out var dept) && dept.InTdx ? dept : null;
        var technician = person.Affiliation is Affiliation.Staff && person.Id % 20 == 0;
        var user = new JsonObject
        {
            ["UID"] = person.TdxUid.ToString(),
            ["ReferenceID"] = person.TdxReferenceId,
            ["BEID"] = Beid.ToString(),
            ["BEIDInt"] = 1,
            ["IsActive"] = person.Presence.TdxActive,
            ["IsConfidential"] = false,
            ["IsEmployee"] = person.InUmApi,
            ["UserName"] = spelled + "@umich.edu",
            ["AuthenticationUserName"] = spelled,
            ["AuthenticationProviderID"] = null,
            ["AlternateID"] = person.Dirt.MalformedTdx ? null : spelled,
            ["ExternalID"] = person.EmplId,
            ["FirstName"] = person.FirstName,
            ["MiddleName"] = person.MiddleName ?? string.Empty,
            ["LastName"] = lastName,
            ["FullName"] = $"{person.FirstName} {lastName}",
            ["Nickname"] = string.Empty,
            ["Title"] = person.Title,
            ["Company"] = "University of Michigan",
            ["PrimaryEmail"] = person.Dirt.TdxMissingEmail ? string.Empty : person.Email,
            ["AlternateEmail"] = string.Empty,
            ["AlertEmail"] = person.Dirt.TdxMissingEmail ? string.Empty : person.Email,
            ["WorkPhone"] = Phone(person),
            ["MobilePhone"] = string.Empty,
            ["HomePhone"] = string.Empty,
            ["Pager"] = string.Empty,
            ["OtherPhone"] = string.Empty,
            ["Fax"] = string.Empty,
            ["WorkAddress"] = department is null ? string.Empty : "500 S State St",
            ["WorkCity"] = "Ann Arbor",
            ["WorkState"] = "MI",
            ["WorkZip"] = "48109",
            ["WorkCountry"] = "USA",
            ["DefaultAccountID"] = department?.TdxAccountId ?? 0,
            ["DefaultAccountName"] = department is null ? "None" : $"{department.DeptId} - {department.Name}",
            ["LocationID"] = 0,
            ["LocationName"] = "None",
            ["LocationRoomID"] = 0,
            ["LocationRoomName"] = "None",
            ["ReportsToUID"] = null,
            ["ReportsToFullName"] = string.Empty,
            ["SecurityRoleID"] = (technician ? TechnicianRole : ClientRole).ToString(),
            ["SecurityRoleName"] = technician ? "Technician" : "Client",
            ["DefaultPriorityID"] = 0,
            ["DefaultPriorityName"] = "None",
            ["ShouldReportTime"] = false,
            ["IsCapacityManaged"] = false,
            ["ReportTimeAfterDate"] = "0001-01-01T05:00:00Z",
            ["EndDate"] = "0001-01-01T05:00:00Z",
            ["CostRate"] = 0.0,
            ["DefaultRate"] = 0.0,
            ["TechnicianSignature"] = string.Empty,
            ["ProfileImageFileName"] = string.Empty,
            ["IMProvider"] = string.Empty,
            ["IMHandle"] = string.Empty,
            ["TypeID"] = 1,
        };
        if (full)
        {
            user["Attributes"] = new JsonArray();
            user["Applications"] = new JsonArray(technician ? ["TDNext", "TDClient"] : ["TDClient"]);
            user["OrgApplications"] = new JsonArray(new JsonObject { ["ID"] = TdxConstants.TicketsAppId, ["SecurityRoleId"] = null, ["SecurityRoleName"] = null, ["IsAdministrator"] = false, ["Name"] = "Tickets" });
            user["GroupIDs"] = new JsonArray(technician ? [364, 367] : []);
            user["Permissions"] = new JsonArray();
        }

        return user;
    }

    /// <summary>An asset; <paramref name="full"/> adds Attributes and Attachments (GET 48/assets/{id}).</summary>
    public JsonObject Asset(Computer computer, bool full)
    {
        ArgumentNullException.ThrowIfNull(computer);
        var department = index.Departments[computer.DeptId];
        var owner = computer.OwnerPersonId is { } o ? index.World.People[o] : null;
        var ownerInTdx = owner is { Presence.InTdx: true } ? owner : null;
        var retired = computer.AdDisabled;
        var asset = new JsonObject
        {
            ["ID"] = computer.TdxAssetId,
            ["AppID"] = TdxConstants.AssetsAppId,
            ["AppName"] = "LSA-TS Assets/CIs",
            ["FormID"] = TdxConstants.ComputerFormId,
            ["FormName"] = "Computer Form",
            ["ProductModelID"] = 500 + Array.FindIndex(NamePools.Hardware, h => h.Model == computer.Model),
            ["ProductModelName"] = computer.Model,
            ["ManufacturerID"] = 10 + Array.FindIndex(NamePools.Hardware, h => h.Manufacturer == computer.Manufacturer),
            ["ManufacturerName"] = computer.Manufacturer,
            ["SupplierID"] = 0,
            ["SupplierName"] = string.Empty,
            ["StatusID"] = retired ? TdxConstants.StatusRetired : TdxConstants.StatusActive,
            ["StatusName"] = retired ? "Retired" : "Active",
            ["LocationID"] = 2001 + Array.IndexOf(NamePools.Regions, department.Region),
            ["LocationName"] = department.Region?.ToUpperInvariant() ?? "NONE",
            ["LocationRoomID"] = 3000 + (computer.TdxAssetId % 500),
            ["LocationRoomName"] = Formats.Int(1000 + (computer.TdxAssetId % 3000)),
            ["Tag"] = computer.TdxTag,
            ["SerialNumber"] = computer.SerialNumber,
            ["Name"] = computer.TdxNameSpelling,
            ["PurchaseCost"] = 0.0,
            ["AcquisitionDate"] = Formats.TdxDate(computer.Created),
            ["ExpectedReplacementDate"] = Formats.TdxDate(computer.Created.AddYears(5)),
            ["RequestingCustomerID"] = Guid.Empty.ToString(),
            ["RequestingCustomerName"] = "None",
            ["RequestingDepartmentID"] = 0,
            ["RequestingDepartmentName"] = "None",
            ["OwningCustomerID"] = (ownerInTdx?.TdxUid ?? Guid.Empty).ToString(),
            ["OwningCustomerName"] = ownerInTdx is null ? "None" : $"{ownerInTdx.FirstName} {ownerInTdx.Dirt.PreviousLastName ?? ownerInTdx.LastName}",
            ["OwningDepartmentID"] = department.InTdx ? department.TdxAccountId : 0,
            ["OwningDepartmentName"] = department.InTdx ? $"{department.DeptId} - {department.Name}" : "None",
            ["ParentID"] = 0,
            ["ParentSerialNumber"] = string.Empty,
            ["ParentName"] = string.Empty,
            ["ParentTag"] = string.Empty,
            ["MaintenanceScheduleID"] = 0,
            ["MaintenanceScheduleName"] = "None",
            ["ConfigurationItemID"] = computer.TdxCiId,
            ["ExternalID"] = string.Empty,
            ["ExternalSourceID"] = 0,
            ["ExternalSourceName"] = "None",
            ["CreatedDate"] = Formats.TdxDate(computer.Created),
            ["CreatedUid"] = Guid.Empty.ToString(),
            ["CreatedFullName"] = "System",
            ["ModifiedDate"] = Formats.TdxDate(computer.Created.AddDays(computer.TdxAssetId % 400)),
            ["ModifiedUid"] = Guid.Empty.ToString(),
            ["ModifiedFullName"] = "System",
            ["Uri"] = $"api/{TdxConstants.AssetsAppId}/assets/{computer.TdxAssetId}",
        };
        if (full)
        {
            var financial = computer.LabPi is not null && ownerInTdx is not null ? index.World.People[index.World.Labs.First(l => l.PiUniqname == computer.LabPi).PiPersonId] : null;
            var macs = string.Join(", ", computer.Macs.Select(m => MacAddress.Format(m, computer.TdxMacFormat)));
            var attributes = new JsonArray
            {
                Attribute(9001, "MAC Address(es)", macs, macs),
                Attribute(9002, "Operating System", Formats.Int(40 + Array.FindIndex(NamePools.Hardware, h => h.Os == computer.OperatingSystem)), computer.OperatingSystem),
                Attribute(9003, "Function", Formats.Int(computer.LabPi is null ? TdxConstants.FunctionAdmin : TdxConstants.FunctionResearch), computer.LabPi is null ? "Admin/Staff" : "Research"),
                Attribute(9004, "Last Inventoried Date", Formats.TdxDate(LastInventoried(computer)), Formats.TdxDate(LastInventoried(computer))),
                Attribute(9005, "Memory", "16 GB", "16 GB"),
                Attribute(9006, "Storage", "512 GB SSD", "512 GB SSD"),
                Attribute(9007, "Processor(s)", "1", "1"),
                Attribute(9008, "Support Group(s)", "364,367", "LSA-TS-Desktop Support, LSA-TS-East Hall"),
                Attribute(9009, "Purchase Shortcode", PurchaseShortcode(computer), PurchaseShortcode(computer)),
            };
            if (financial is { Presence.InTdx: true })
            {
                attributes.Add(Attribute(TdxConstants.FinancialOwnerAttribute, "Financial Owner/Responsible", financial.TdxUid.ToString(), financial.FullName));
            }

            asset["Attributes"] = attributes;
            asset["Attachments"] = new JsonArray();
        }

        return asset;
    }

    /// <summary>The system-maintained CI TDX keeps for each asset.</summary>
    private DateTimeOffset LastInventoried(Computer computer) =>
        index.World.ComputerUse.TryGetValue(computer.Name, out var use) ? use.LastInventoried : index.World.Now.AddDays(-(computer.TdxAssetId % 60));

    public JsonObject AssetCi(Computer computer)
    {
        ArgumentNullException.ThrowIfNull(computer);
        return new JsonObject
        {
            ["ID"] = computer.TdxCiId,
            ["AppID"] = TdxConstants.AssetsAppId,
            ["AppName"] = "LSA-TS Assets/CIs",
            ["FormID"] = TdxConstants.ComputerFormId,
            ["FormName"] = "Computer Form",
            ["IsSystemMaintained"] = true,
            ["BackingItemID"] = computer.TdxAssetId,
            ["BackingItemType"] = TdxConstants.BackingAsset,
            ["Name"] = computer.TdxNameSpelling,
            ["TypeID"] = 10010,
            ["TypeName"] = "Computer",
            ["MaintenanceScheduleID"] = 0,
            ["MaintenanceScheduleName"] = "None",
            ["OwnerUID"] = Guid.Empty.ToString(),
            ["OwnerFullName"] = "None",
            ["OwningDepartmentID"] = 0,
            ["OwningDepartmentName"] = "None",
            ["OwningGroupID"] = 0,
            ["OwningGroupName"] = "None",
            ["LocationID"] = 0,
            ["LocationName"] = "None",
            ["LocationRoomID"] = 0,
            ["LocationRoomName"] = "None",
            ["IsActive"] = true,
            ["CreatedDateUtc"] = Formats.TdxDate(computer.Created),
            ["CreatedUid"] = Guid.Empty.ToString(),
            ["CreatedFullName"] = "System",
            ["ModifiedDateUtc"] = Formats.TdxDate(computer.Created),
            ["ModifiedUid"] = Guid.Empty.ToString(),
            ["ModifiedFullName"] = "System",
            ["ExternalID"] = string.Empty,
            ["ExternalSourceID"] = 0,
            ["ExternalSourceName"] = "None",
            ["Attributes"] = new JsonArray(),
            ["Attachments"] = new JsonArray(),
            ["Uri"] = $"api/{TdxConstants.AssetsAppId}/cmdb/{computer.TdxCiId}",
        };
    }

    /// <summary>
    /// The 6-digit shortcode a machine was bought on: a lab buys on its own, a department machine on its department's.
    /// Derived (FNV-1a of the lab or department), not drawn, so adding it changed no other generated value.
    /// </summary>
    private static string PurchaseShortcode(Computer computer)
    {
        var hash = 2166136261u;
        foreach (var character in computer.LabPi ?? computer.DeptId)
        {
            hash = unchecked((hash ^ character) * 16777619u);
        }

        return Formats.Int((int)(100_000 + (hash % 900_000)));
    }

    private static JsonObject Attribute(int id, string name, string value, string valueText) => new()
    {
        ["ID"] = id,
        ["Name"] = name,
        ["Order"] = 0,
        ["Description"] = string.Empty,
        ["SectionID"] = 0,
        ["SectionName"] = null,
        ["FieldType"] = "textbox",
        ["DataType"] = "String",
        ["Choices"] = new JsonArray(),
        ["IsRequired"] = false,
        ["IsUpdatable"] = true,
        ["Value"] = value,
        ["ValueText"] = valueText,
        ["ChoicesText"] = string.Empty,
        ["AssociatedItemIDs"] = new JsonArray(0),
    };

    private static string Phone(Person person) =>
        person.InUmApi ? string.Create(CultureInfo.InvariantCulture, $"734/{(person.UidNumber % 900) + 100:D3}-{person.UidNumber % 10_000:D4}") : string.Empty;
}
