using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using LsatsHub.Simulator.Generation;
using LsatsHub.Simulator.Ldap;
using LsatsHub.Simulator.Projections;
using LsatsHub.Simulator.Sheets;
using LsatsHub.Simulator.Tdx;
using LsatsHub.Simulator.UmApi;
using LsatsHub.Simulator.World;

namespace LsatsHub.Simulator.Cli;

/// <summary>lsats-sim serve: generate (or reuse the folder's generation), start TDX, UMich API and slapd, write .env, run until stopped.</summary>
internal static class ServeCommand
{
    private static readonly Option<int> TdxPort = new("--tdx-port") { Description = "TDX simulator port (0 = the port of this world's last serve when free, else any free port)", DefaultValueFactory = _ => 0 };
    private static readonly Option<int> UmPort = new("--um-port") { Description = "UMich API simulator port (0 = the port of this world's last serve when free, else any free port)", DefaultValueFactory = _ => 0 };
    private static readonly Option<int> SheetsPort = new("--sheets-port") { Description = "Google Sheets simulator port (0 = the port of this world's last serve when free, else any free port)", DefaultValueFactory = _ => 0 };
    private static readonly Option<bool> NoLdap = new("--no-ldap") { Description = "do not start slapd" };
    private static readonly Option<bool> AdDirect = new("--ad-direct") { Description = "point AD_PORT at slapd itself instead of the proxy that answers as a domain controller does (member;range=0-1499); for comparing the two" };
    private static readonly Option<int> AdMaxValueRange = new("--ad-max-value-range") { Description = "AD's MaxValRange: most values of member the AD proxy returns at once (a small value exercises range retrieval on a small world)", DefaultValueFactory = _ => 1500 };
    private static readonly Option<bool> NoRateLimit = new("--no-rate-limit") { Description = "serve TDX without its 60-calls-a-minute limits (fast demos)" };
    private static readonly Option<string?> DatabaseUrl = new("--database-url") { Description = "DATABASE_URL written into .env (default: $LSATS_TEST_DATABASE_URL or the dev server)" };

    public static Command Create()
    {
        var command = new Command("serve", "Start the TDX, UMich API and Google Sheets simulators and slapd on loopback and write DIR/.env for lsats-run.")
        {
            GenerateCommand.Scale, GenerateCommand.Seed, GenerateCommand.Out, TdxPort, UmPort, SheetsPort, NoLdap, AdDirect, AdMaxValueRange, NoRateLimit, DatabaseUrl,
        };
        command.SetAction(async (result, cancel) =>
        {
            // serve owns SIGINT and SIGTERM from its first moment (Program gives it no System.CommandLine termination
            // timeout, which would end the process 2 s after the signal, in the middle of stopping slapd): a signal
            // during start-up cancels it (SlapdServer then stops what it started), one while serving stops everything.
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => Stop(c, stopping));
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => Stop(c, stopping));
            try
            {
                return await ServeAsync(result, stopping.Token);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return 0;
            }
        });
        return command;
    }

    /// <summary>True when the command line runs serve, which handles SIGINT and SIGTERM itself.</summary>
    public static bool IsServe(ParseResult parsed) => parsed?.CommandResult.Command.Name == "serve";

    private static void Stop(PosixSignalContext context, CancellationTokenSource stopping)
    {
        context.Cancel = true;
        try
        {
            stopping.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already stopped.
        }
    }

    private static async Task<int> ServeAsync(ParseResult result, CancellationToken cancel)
    {
        var folder = result.GetValue(GenerateCommand.Out)!.FullName;
        var generated = File.Exists(Path.Combine(folder, WorldManifest.FileName));
        var manifest = generated
            ? WorldManifest.Read(folder)
            : new WorldManifest(result.GetValue(GenerateCommand.Seed), result.GetValue(GenerateCommand.Scale), 0);
        var started = TimeProvider.System.GetTimestamp();
        var world = WorldGenerator.Generate(manifest.Options, manifest.Generation);
        GenerateCommand.Progress(string.Create(CultureInfo.InvariantCulture, $"generated the world in {TimeProvider.System.GetElapsedTime(started).TotalSeconds:0.0} s"));
        HeapTrace.Note("world generated");
        var files = new WorldFiles(folder);

        // Read before anything is started: the addresses this world was served on last time.
        var previous = PreviousPorts.Read(folder);
        if (generated && IsCurrent(files.AdLdif) && IsCurrent(files.McommunityLdif))
        {
            // The folder already holds this generation, written by this build of lsats-sim (generate and mutate
            // write it; equal worlds give equal bytes), so rewriting hundreds of MB would change nothing.
            GenerateCommand.Progress("reusing the files of generation " + manifest.Generation.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            files = GenerateCommand.Write(world, folder);
        }

        await using var tdx = await TdxSimulator.StartAsync(world, new TdxSimulatorOptions { Port = PreviousPorts.Choose(result.GetValue(TdxPort), previous.Tdx), RateLimitEnabled = !result.GetValue(NoRateLimit) }, cancellationToken: cancel);
        HeapTrace.Note("TDX simulator started");
        await using var umapi = await UmApiSimulator.StartAsync(world, new UmApiSimulatorOptions { Port = PreviousPorts.Choose(result.GetValue(UmPort), previous.UmApi) }, cancellationToken: cancel);
        HeapTrace.Note("UMich API simulator started");
        var compliance = ComplianceSheet.Generate(new WorldIndex(world));
        await using var sheets = await SheetsSimulator.StartAsync([compliance.Spreadsheet, UnitAssignmentsSheet.Spreadsheet(new WorldIndex(world))], new SheetsSimulatorOptions { Port = PreviousPorts.Choose(result.GetValue(SheetsPort), previous.Sheets) }, cancellationToken: cancel);
        var exports = Path.Combine(folder, "compliance");
        Directory.CreateDirectory(exports);
        compliance.WriteXlsx(Path.Combine(exports, "compliance.xlsx"));
        compliance.WriteCsv(exports);
        var sheetsEnvironment = new SheetsEnvironment(sheets, sheets.WriteServiceAccountKey(Path.Combine(folder, "google-service-account.json")), compliance);
        HeapTrace.Note("Sheets simulator started");
        SlapdServer? ldap = null;
        AdRangeProxy? adProxy = null;
        if (!result.GetValue(NoLdap))
        {
            var script = SlapdServer.FindScript(Environment.CurrentDirectory is var cwd && File.Exists(Path.Combine(cwd, "ops", "dev", "ldap.sh")) ? cwd : AppContext.BaseDirectory);
            started = TimeProvider.System.GetTimestamp();
            var ldapFolder = Path.Combine(folder, "ldap-server");

            // Before MCommunity's port is checked: a serve killed with SIGKILL left its slapd servers holding their ports.
            await SlapdServer.StopLeftoverAsync(script, ldapFolder, cancel);
            ldap = await SlapdServer.StartAsync(LdapAccounts.For(manifest.Seed), files.AdLdif, files.McommunityLdif, script, ldapFolder, cancel, PreviousPorts.StillFree(previous.Mcommunity));
            GenerateCommand.Progress(string.Create(CultureInfo.InvariantCulture, $"slapd loaded (slapadd) and started in {TimeProvider.System.GetElapsedTime(started).TotalSeconds:0.0} s"));
        }

        try
        {
            if (ldap is not null)
            {
                if (!result.GetValue(AdDirect))
                {
                    adProxy = AdRangeProxy.InFrontOf(ldap, result.GetValue(AdMaxValueRange), PreviousPorts.StillFree(previous.Ad) ?? 0);
                }

                HeapTrace.Note("slapd started");
            }

            var databaseUrl = result.GetValue(DatabaseUrl) ?? Environment.GetEnvironmentVariable("LSATS_TEST_DATABASE_URL") ?? "postgresql://lsats_test@127.0.0.1:55432/postgres";
            var env = Path.Combine(folder, ".env");
            await File.WriteAllTextAsync(env, EnvFile.Render(tdx, umapi, ldap, files.DataFolder, databaseUrl, sheetsEnvironment, adProxy), cancel);
            Console.WriteLine(GenerateCommand.Summary(world, folder));
            Console.WriteLine($"TDX      {tdx.SandboxBaseUrl} (production path {tdx.ProductionBaseUrl})");
            Console.WriteLine($"UMich    {umapi.BaseUrl}/{umapi.CategoryId}");
            Console.WriteLine($"Sheets   {sheets.Address} (compliance sheet {compliance.Spreadsheet.Id}, tab {compliance.Tab}; exports in {exports})");
            Console.WriteLine(ldap is null ? "LDAP     not started" : adProxy is null
                ? $"AD       ldap://127.0.0.1:{ldap.Port} ldaps://127.0.0.1:{ldap.TlsPort} (slapd itself, no range retrieval)\nMCommunity ldap://127.0.0.1:{ldap.McommunityPort} ldaps://127.0.0.1:{ldap.McommunityTlsPort}"
                : $"AD       ldap://127.0.0.1:{adProxy.Port} ldaps://127.0.0.1:{adProxy.TlsPort} (range retrieval above {adProxy.MaxValueRange} values; slapd itself on {ldap.Port}/{ldap.TlsPort})\nMCommunity ldap://127.0.0.1:{ldap.McommunityPort} ldaps://127.0.0.1:{ldap.McommunityTlsPort}");

            // A shell starts a background job with SIGINT ignored, and .NET keeps a signal ignored at start-up.
            Console.WriteLine(SigintIgnored() ? $"wrote {env}; stop with SIGTERM (SIGINT is ignored: started in the background)" : $"wrote {env}; stop with Ctrl-C or SIGTERM");
            await Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System, cancel);
        }
        finally
        {
            if (adProxy is not null)
            {
                await adProxy.DisposeAsync();
            }

            if (ldap is not null)
            {
                await ldap.DisposeAsync();
            }
        }

        return 0;
    }

    private static bool SigintIgnored()
    {
        const string prefix = "SigIgn:";
        const int sigintBit = 1; // signal 2
        var line = File.Exists("/proc/self/status") ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal)) : null;
        return line is not null
            && ulong.TryParse(line[prefix.Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask)
            && (mask & (1UL << sigintBit)) != 0;
    }

    // Written after this build of lsats-sim was: an older build may have written another format.
    private static bool IsCurrent(string path) =>
        File.Exists(path) && File.GetLastWriteTimeUtc(path) > File.GetLastWriteTimeUtc(typeof(ServeCommand).Assembly.Location);
}
