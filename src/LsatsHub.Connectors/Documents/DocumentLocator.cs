using System.Globalization;
using System.Text.RegularExpressions;

namespace LsatsHub.Connectors.Documents;

/// <summary>
/// Finds the newest document of a kind in the data folder.
/// </summary>
/// <remarks>
/// <para>Candidates: files directly in the folder named <c>{prefix}*{extension}</c> (case-insensitive), except Office
/// lock files (<c>~$…</c>) and hidden files (<c>.…</c>).</para>
/// <para>Newest: each candidate is dated by the first date in its name after the prefix — <c>yyyy_MM_dd</c>,
/// <c>yyyy-MM-dd</c>, <c>yyyyMMdd</c>, or <c>yyyy_MM</c> / <c>yyyy-MM</c> (first of the month) — taken as UTC midnight;
/// a name without a valid date is dated by its modification time. The latest date wins; ties go to the later
/// modification time, then to the name that sorts last. The seed used the modification time alone, which a copy or
/// a restore can change; the export date in the name is what people mean by "newest".</para>
/// </remarks>
public static partial class DocumentLocator
{
    /// <summary>Looks for the newest file of <paramref name="pattern"/> in <paramref name="folder"/>.</summary>
    /// <param name="folder">The data folder.</param>
    /// <param name="pattern">The kind of document.</param>
    /// <returns>The file, or a reason naming the folder and pattern.</returns>
    public static DocumentLookup FindNewest(string folder, DocumentPattern pattern)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(pattern);
        if (!Directory.Exists(folder))
        {
            return DocumentLookup.Missing($"no {pattern} found: the data folder {folder} does not exist");
        }

        var newest = Directory.EnumerateFiles(folder)
            .Select(path => (Path: path, Name: Path.GetFileName(path)))
            .Where(file => Matches(file.Name, pattern))
            .Select(file => (file.Path, file.Name, Dated: Date(file.Path, file.Name, pattern), Modified: File.GetLastWriteTimeUtc(file.Path)))
            .OrderByDescending(file => file.Dated.Date)
            .ThenByDescending(file => file.Modified)
            .ThenByDescending(file => file.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        return newest.Path is null
            ? DocumentLookup.Missing($"no {pattern} found in {folder}")
            : DocumentLookup.Found(new DocumentFile(Path.GetFullPath(newest.Path), newest.Dated.Date, newest.Dated.Source));
    }

    private static bool Matches(string name, DocumentPattern pattern) =>
        name.StartsWith(pattern.Prefix, StringComparison.OrdinalIgnoreCase)
        && name.EndsWith(pattern.Extension, StringComparison.OrdinalIgnoreCase)
        && !name.StartsWith("~$", StringComparison.Ordinal)
        && !name.StartsWith('.');

    private static (DateTimeOffset Date, DocumentDateSource Source) Date(string path, string name, DocumentPattern pattern)
    {
        var stem = name[pattern.Prefix.Length..^pattern.Extension.Length];
        foreach (Match match in DateInName().Matches(stem))
        {
            var day = match.Groups["day"].Success ? match.Groups["day"].Value : "01";
            if (DateOnly.TryParseExact($"{match.Groups["year"].Value}-{match.Groups["month"].Value}-{day}", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return (new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), DocumentDateSource.FileName);
            }
        }

        return (new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero), DocumentDateSource.ModificationTime);
    }

    [GeneratedRegex(@"(?<![0-9])(?<year>(?:19|20)[0-9]{2})(?:[-_]?)(?<month>[0-9]{2})(?:(?:[-_]?)(?<day>[0-9]{2}))?(?![0-9])")]
    private static partial Regex DateInName();
}
