using System.CommandLine;
using System.Diagnostics;
using System.DirectoryServices.Protocols;
using System.Globalization;
using System.Net;
using LsatsHub.Connectors.Ldap;
using LsatsHub.Pipelines.Bronze.Ad;
using LsatsHub.Pipelines.Bronze.MCommunity;
using Microsoft.Extensions.Configuration;

namespace LsatsHub.Benchmarks;

/// <summary>
/// <c>ldap-read</c>: the full reads of A1 (AD users) and M2 (MCommunity people) against a served world, in wall time and
/// in this process's CPU per 1,000 entries, split into S.DS.P's paged <c>SendRequest</c> alone (AD) and the connector's
/// whole read (paging, chunking, conversion into <see cref="LdapEntry"/>, with its wait/convert breakdown). Nothing is
/// stored: the difference to a step's CPU is the storing. docs/scale.md, "The LDAP read".
/// </summary>
internal static class LdapReadCommand
{
    private static readonly Option<FileInfo> EnvFile = new("--env-file") { Description = "the .env 'lsats-sim serve' wrote for the world", Required = true };
    private static readonly Option<int> Runs = new("--runs") { Description = "reads of each kind", DefaultValueFactory = _ => 1 };

    public static Command Create()
    {
        var command = new Command("ldap-read", "Time the full AD-user and MCommunity-people reads of a served world: S.DS.P alone and the whole connector, wall and CPU per 1,000 entries.")
        {
            EnvFile, Runs,
        };
        command.SetAction(async (result, cancel) =>
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(ReadEnvFile(result.GetValue(EnvFile)!.FullName)).Build();
            var ad = LdapConfiguration.ForActiveDirectory(configuration);
            var mcommunity = LdapConfiguration.ForMcommunity(configuration);
            var adSearch = new LdapSearch(IngestAdUsers.SearchBase, IngestAdUsers.Filter, ["*"]);
            var peopleSearch = new LdapSearch($"{IngestMCommunityUsers.PeopleOu},{mcommunity.SearchBase}", IngestMCommunityUsers.Filter, IngestMCommunityUsers.Attributes)
            {
                ChunkAttribute = "uidNumber",
                SplitAttribute = "uid",
            };
            Console.WriteLine("read                         entries  requests   wall s  entries/s    CPU s  CPU ms/1000  waiting s  converting s");
            for (var run = 0; run < Math.Max(1, result.GetValue(Runs)); run++)
            {
                Print("AD users, S.DS.P only", Raw(ad, adSearch));
                Print("AD users, connector", await ConnectorAsync(ad, LdapConversion.ActiveDirectory, adSearch, cancel));
                Print("MCommunity people, connector", await ConnectorAsync(mcommunity, LdapConversion.Mcommunity, peopleSearch, cancel));
            }

            return 0;
        });
        return command;
    }

    private sealed record Figure(long Entries, int Requests, TimeSpan Wall, TimeSpan Cpu, TimeSpan? Waiting = null, TimeSpan? Converting = null);

    private static void Print(string name, Figure figure) => Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"{name,-28} {figure.Entries,8} {figure.Requests,9} {figure.Wall.TotalSeconds,8:0.00} {figure.Entries / figure.Wall.TotalSeconds,10:0} {figure.Cpu.TotalSeconds,8:0.00} {figure.Cpu.TotalMilliseconds * 1000 / Math.Max(1, figure.Entries),12:0} {figure.Waiting?.TotalSeconds,10:0.00} {figure.Converting?.TotalSeconds,13:0.00}"));

    private static TimeSpan Cpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>The paged search with S.DS.P alone, connected as <see cref="LdapConnector"/> connects: the response objects are built, nothing more.</summary>
    private static Figure Raw(LdapSettings settings, LdapSearch search)
    {
        using var connection = LdapConnector.NewConnection(settings);
        connection.Bind();
        var cpu = Cpu();
        var wall = Stopwatch.StartNew();
        var pager = new PageResultRequestControl(search.PageSize);
        var request = new SearchRequest(search.BaseDn, search.Filter, search.Scope, [.. search.Attributes]);
        request.Controls.Add(pager);
        long entries = 0;
        var requests = 0;
        while (true)
        {
            var response = (SearchResponse)connection.SendRequest(request, settings.Timeout);
            requests++;
            entries += response.Entries.Count;
            var cookie = response.Controls.OfType<PageResultResponseControl>().FirstOrDefault()?.Cookie;
            if (cookie is null || cookie.Length == 0)
            {
                return new Figure(entries, requests, wall.Elapsed, Cpu() - cpu);
            }

            pager.Cookie = cookie;
        }
    }

    private static async Task<Figure> ConnectorAsync(LdapSettings settings, LdapConversion conversion, LdapSearch search, CancellationToken cancellationToken)
    {
        using var session = await new LdapConnector().ConnectAsync(settings, conversion, cancellationToken);
        var cpu = Cpu();
        var wall = Stopwatch.StartNew();
        long entries = 0;
        await foreach (var unused in session.SearchAsync(search, cancellationToken))
        {
            entries++;
        }

        return new Figure(entries, session.RequestsSent, wall.Elapsed, Cpu() - cpu, session.TimeWaitingForAnswers, session.TimeConverting);
    }

    /// <summary>KEY=value and KEY="value" lines; comments and blank lines skipped.</summary>
    private static Dictionary<string, string?> ReadEnvFile(string path)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                values[line[..equals].Trim()] = line[(equals + 1)..].Trim().Trim('"');
            }
        }

        return values;
    }
}
