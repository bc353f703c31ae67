namespace LsatsHub.Compliance.Create;

/// <summary>What the ledger's rows of one run belong to.</summary>
/// <param name="SheetKey">The sheet (<see cref="Connectors.Sheets.ISheetSource.Key"/>).</param>
/// <param name="Tab">The month tab.</param>
/// <param name="BaseUrl">The TDX tenant (base URL without user information or query).</param>
public sealed record LedgerScope(string SheetKey, string Tab, string BaseUrl);
