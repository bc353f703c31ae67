using LsatsHub.Connectors.Tdx;

namespace LsatsHub.Connectors.Tests.Tdx;

/// <summary>The sandbox-first rule itself (docs/tdx-sync.md), without a database: who may write where.</summary>
public sealed class TdxWritePolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly TdxWriteTarget Production = new("production", "https://teamdynamix.example.edu/TDWebApi/api");
    private static readonly TdxWriteTarget Sandbox = new("sandbox", "https://teamdynamix.example.edu/SBTDWebApi/api");

    [Fact]
    public void A_sandbox_is_always_writable_and_a_dry_run_is_always_allowed()
    {
        TdxWritePolicy.Refusal("tdx.lab_cis", Sandbox, dryRun: false, production: false, null, Now).Should().BeNull();
        TdxWritePolicy.Refusal("tdx.lab_cis", Production, dryRun: true, production: false, null, Now).Should().BeNull();
    }

    [Fact]
    public void Production_needs_the_flag_and_a_dry_run_younger_than_24_hours()
    {
        TdxWritePolicy.Refusal("tdx.lab_cis", Production, false, production: false, Now.AddHours(-1), Now).Should().Contain("only with --production");
        TdxWritePolicy.Refusal("tdx.lab_cis", Production, false, production: true, null, Now).Should().Contain("never completed a --dry-run");
        TdxWritePolicy.Refusal("tdx.lab_cis", Production, false, production: true, Now.AddHours(-25), Now).Should().Contain("more than 24 h");
        TdxWritePolicy.Refusal("tdx.lab_cis", Production, false, production: true, Now.AddHours(-23), Now).Should().BeNull();
    }

    [Fact]
    public void The_target_drops_user_information_and_query_from_the_base_url()
    {
        var options = new TdxOptions
        {
            BaseUrl = new Uri("https://user:secret@teamdynamix.example.edu/SBTDWebApi/api?key=secret"),
            AuthMode = TdxAuthMode.StaticToken,
            ApiToken = "token",
        };

        var target = TdxWriteTarget.Of(options);

        target.Should().Be(new TdxWriteTarget("sandbox", "https://teamdynamix.example.edu/SBTDWebApi/api"));
        target.Describe("queue run", dryRun: true).Should().NotContain("secret").And.Contain("SANDBOX").And.Contain("dry run");
    }
}
