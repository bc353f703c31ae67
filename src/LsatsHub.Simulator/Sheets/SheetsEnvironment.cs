namespace LsatsHub.Simulator.Sheets;

/// <summary>What <c>lsats-sim serve</c> tells lsats-run about the Sheets simulator: where it is, the key file, the compliance sheet.</summary>
/// <param name="Simulator">The running simulator.</param>
/// <param name="ServiceAccountKeyFile">The service-account key written for it (CREDENTIALS_FILE).</param>
/// <param name="Compliance">The compliance sheet it serves (SPREADSHEET_ID, SHEET_NAME).</param>
public sealed record SheetsEnvironment(SheetsSimulator Simulator, string ServiceAccountKeyFile, ComplianceSheet Compliance);
