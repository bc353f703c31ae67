using System.CommandLine;
using CsvHelper;
using LsatsHub.Compliance.Outreach;
using LsatsHub.Runner.Configuration;
using LsatsHub.Runner.Hosting;
using Microsoft.Extensions.Logging;

namespace LsatsHub.Runner.Commands.Compliance;

/// <summary>
/// Where the third outreach reads the "Unit Assignments" sheet (department → chief administrator) from: an exported
/// CSV of its tab (<c>--unit-assignments FILE</c> or <c>$COMPLIANCE_UNIT_ASSIGNMENTS_FILE</c>).
/// </summary>
internal sealed class ComplianceUnitAssignments
{
    /// <summary>The variable naming the export.</summary>
    public const string FileVariable = "COMPLIANCE_UNIT_ASSIGNMENTS_FILE";

    private readonly Option<FileInfo?> _file;

    private ComplianceUnitAssignments(Option<FileInfo?> file) => _file = file;

    public static ComplianceUnitAssignments AddOptions(Command command)
    {
        var file = new Option<FileInfo?>("--unit-assignments") { Description = $"An exported CSV of the 'Unit Assignments' tab (header on row 6; default: ${FileVariable})." };
        command.Options.Add(file);
        return new ComplianceUnitAssignments(file);
    }

    public async Task<UnitAssignments> LoadAsync(CommandSession session, ParseResult parseResult, ILogger logger, CancellationToken cancellationToken)
    {
        var path = parseResult.GetValue(_file)?.FullName ?? session.Configuration[FileVariable]
            ?? throw new ConfigurationException($"compliance third needs the Unit Assignments sheet: --unit-assignments FILE or ${FileVariable}.");
        if (!File.Exists(path))
        {
            throw new ConfigurationException($"The Unit Assignments export {path} does not exist.");
        }

        var rows = new List<IReadOnlyList<string>>();
        await using (var csv = CsvReader.FromFile(path, CsvReaderOptions.Default with { Separator = ',', HasHeader = false, TrimWhitespace = false }))
        {
            while (await csv.ReadAsync(cancellationToken))
            {
                var cells = new string[csv.FieldCount];
                for (var i = 0; i < cells.Length; i++)
                {
                    cells[i] = csv.GetString(i);
                }

                rows.Add(cells);
            }
        }

        UnitAssignments assignments;
        try
        {
            assignments = UnitAssignments.FromRows(rows);
        }
        catch (FormatException exception)
        {
            throw new ConfigurationException($"{path}: {exception.Message}", exception);
        }

        foreach (var problem in assignments.Problems)
        {
            logger.LogWarning("Unit Assignments: {Problem}", problem);
        }

        await session.Environment.Out.WriteLineAsync($"Unit Assignments: {assignments.Count} departments from {path}");
        return assignments;
    }
}
