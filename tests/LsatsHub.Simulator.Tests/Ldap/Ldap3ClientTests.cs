using System.Diagnostics;
using System.Globalization;
using LsatsHub.Testing;

namespace LsatsHub.Simulator.Tests.Ldap;

/// <summary>
/// The simulated directories seen by Python's ldap3 with default settings (ops/dev/ldap3-check.py): AD's attributes by
/// AD's OIDs, MCommunity without a published schema, MCommunity's paged search ending in sizeLimitExceeded. Needs the
/// Debian package python3-ldap3 (ops/dev/services.sh installs it); without it the test says so and checks nothing
/// unless LSATS_REQUIRE_LDAP3=1, which turns the missing package into a failure.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class Ldap3ClientTests(SlapdFixture slapd) : IClassFixture<SlapdFixture>
{
    private const string Python = "/usr/bin/python3";

    [Fact]
    public async Task Python_ldap3_sees_ad_attributes_by_ads_oids_and_mcommunity_without_a_schema()
    {
        var available = File.Exists(Python) && (await RunAsync(Python, "-c", "import ldap3")).ExitCode == 0;
        if (!available)
        {
            Environment.GetEnvironmentVariable("LSATS_REQUIRE_LDAP3").Should().NotBe("1", "python3-ldap3 is required (apt-get install python3-ldap3)");
            return;
        }

        using var folder = new TempFolder();
        var env = Path.Combine(folder.Path, ".env");
        var port = slapd.Server.TlsPort.ToString(CultureInfo.InvariantCulture);
        var mcommunityPort = slapd.Server.McommunityTlsPort.ToString(CultureInfo.InvariantCulture);
        await File.WriteAllLinesAsync(env,
        [
            "AD_SERVER=\"127.0.0.1\"", $"AD_PORT=\"{port}\"", $"AD_USER=\"{slapd.Server.Accounts.AdBindDn}\"", $"AD_PASSWORD=\"{slapd.Server.Accounts.AdPassword}\"",
            "MCOMMUNITY_LDAP_SERVER=\"127.0.0.1\"", $"MCOMMUNITY_LDAP_PORT=\"{mcommunityPort}\"", "MCOMMUNITY_LDAP_BASE=\"dc=umich,dc=edu\"",
            $"MCOMMUNITY_LDAP_USER=\"{slapd.Server.Accounts.McommunityBindDn}\"", $"MCOMMUNITY_LDAP_PASSWORD=\"{slapd.Server.Accounts.McommunityPassword}\"",
            $"LDAPTLS_CACERT=\"{slapd.Server.CaCertificate}\"",
        ]);

        var result = await RunAsync(Python, RepositoryPaths.Combine("ops", "dev", "ldap3-check.py"), env);

        result.Output.Should().Contain("ok    ad objectGUID").And.Contain("ok    mcommunity schema hidden").And.NotContain("FAIL");
        result.ExitCode.Should().Be(0, result.Output);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
