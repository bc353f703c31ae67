using System.CommandLine;
using LsatsHub.Compliance.Outreach;
using LsatsHub.Connectors;
using LsatsHub.Connectors.Sheets;
using LsatsHub.Runner.Configuration;
using LsatsHub.Runner.Hosting;
using Microsoft.Extensions.Logging;

namespace LsatsHub.Runner.Commands.Compliance;

/// <summary>
/// Where the third outreach reads the "Unit Assignments" tab (department → chief administrator) from: an exported CSV/XLSX
/// (<c>--unit-assignments FILE</c>, <c>$COMPLIANCE_UNIT_ASSIGNMENTS_FILE</c>), else the Google sheet
/// (<c>--unit-assignments-sheet-id</c>, <c>$COMPLIANCE_UNIT_ASSIGNMENTS_SHEET_ID</c>, else the LSA Finance sheet the
/// original read) through the Sheets v4 API.
/// </summary>
internal sealed class ComplianceUnitAssignments
{
    /// <summary>The variable naming the export.</summary>
    public const string FileVariable = "COMPLIANCE_UNIT_ASSIGNMENTS_FILE";

    /// <summary>The variable naming the spreadsheet.</summary>
    public const string SheetVariable = "COMPLIANCE_UNIT_ASSIGNMENTS_SHEET_ID";

    /// <summary>"LSA Finance BA BO Unit Assignments", the sheet the original third outreach read.</summary>
    public const string DefaultSheetId = "1Lb11KyJjsG_peafphDrQQIYlFbqbYP7UiS6ZwHevris";

    /// <summary>The tab.</summary>
    public const string Tab = "Unit Assignments";

    private readonly Option<FileInfo?> _file;
    private readonly Option<string?> _sheetId;

    private ComplianceUnitAssignments(Option<FileInfo?> file, Option<string?> sheetId)
    {
        _file = file;
        _sheetId = sheetId;
    }

    public static ComplianceUnitAssignments AddOptions(Command command)
    {
        var file = new Option<FileInfo?>("--unit-assignments") { Description = $"An exported CSV/XLSX of the '{Tab}' tab (header on row 6; default: ${FileVariable})." };
        var sheetId = new Option<string?>("--unit-assignments-sheet-id")
        {
            Description = $"Else the Google sheet holding the '{Tab}' tab (default: ${SheetVariable}, else the LSA Finance BA BO Unit Assignments sheet).",
        };
        command.Options.Add(file);
        command.Options.Add(sheetId);
        return new ComplianceUnitAssignments(file, sheetId);
    }

    public async Task<UnitAssignments> LoadAsync(CommandSession session, ParseResult parseResult, ILogger logger, CancellationToken cancellationToken)
    {
        var file = parseResult.GetValue(_file)?.FullName ?? Blank(session.Configuration[FileVariable]);
        var sheetId = file is null ? parseResult.GetValue(_sheetId) ?? Blank(session.Configuration[SheetVariable]) ?? DefaultSheetId : null;
        ISheetSource source;
        try
        {
            source = SheetSources.Open(session.Configuration, sheetId, file, Tab, session.Environment.Clock);
        }
        catch (ConnectorException exception)
        {
            throw new ConfigurationException($"compliance third needs the {Tab} sheet: {exception.Message}", exception);
        }

        try
        {
            var rows = await source.ReadRangeAsync(new SheetRange(Tab), cancellationToken);
            UnitAssignments assignments;
            try
            {
                assignments = UnitAssignments.FromRows(rows);
            }
            catch (FormatException exception)
            {
                throw new ConfigurationException($"{source.Description}: {exception.Message}", exception);
            }

            foreach (var problem in assignments.Problems)
            {
                logger.LogWarning("{Tab}: {Problem}", Tab, problem);
            }

            await session.Environment.Out.WriteLineAsync($"{Tab}: {assignments.Count} departments from {source.Description}");
            return assignments;
        }
        finally
        {
            (source as IDisposable)?.Dispose();
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
