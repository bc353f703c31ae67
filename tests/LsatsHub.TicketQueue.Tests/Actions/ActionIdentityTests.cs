using LsatsHub.TicketQueue.Actions;
using Microsoft.Extensions.Configuration;

namespace LsatsHub.TicketQueue.Tests.Actions;

/// <summary>Action ids are the original daemon's, byte for byte, so its log rows keep blocking re-execution (test vectors of the original).</summary>
public sealed class ActionIdentityTests
{
    [Fact]
    public void A_comment_renders_its_config_as_python_did_and_hashes_to_the_documented_id()
    {
        var config = CommentAction.Defaults.Configure("comment", Configuration(("LSATS_QUEUE_COMMENT_COMMENT_TEXT", "Hello World")));

        var rendered = ActionIdentity.Render(config);
        var identity = ActionIdentity.Of("comment", "v1", config);

        rendered.Should().Be("[('cascade_status', False), ('comment_text', 'Hello World'), ('is_communication', False), ('is_private', False), ('is_rich_html', False), ('new_status_id', 0), ('notify', ['null'])]");
        identity.ActionId.Should().Be("comment:054200481667:v1");
    }

    [Theory]
    [InlineData("add_asset", "v2", "add_asset:a6ee89781f2f:v2", "a6ee89781f2fc933")]
    [InlineData("add_lab", "v2", "add_lab:d67685e60103:v2", "d67685e601035231")]
    [InlineData("find_active_tickets", "v1", "find_active_tickets:e9b209460690:v1", "e9b209460690bd51")]
    [InlineData("summary_comment", "v1", "summary_comment:3a46b2bb91de:v1", "3a46b2bb91de9c70")]
    public void The_production_chain_keeps_the_original_ids(string type, string version, string expectedId, string hashPrefix)
    {
        var chain = ActionCatalog.Chain(Configuration());

        var action = chain.Single(a => a.Type == type);
        var identity = ActionIdentity.Of(action.Type, action.Version, action.Config);

        action.Version.Should().Be(version);
        identity.ActionId.Should().Be(expectedId);
        identity.ActionHash.Should().StartWith(hashPrefix).And.HaveLength(64);
    }

    [Fact]
    public void Changing_one_parameter_changes_only_that_actions_id()
    {
        var before = ActionCatalog.Chain(Configuration()).Select(a => ActionIdentity.Of(a.Type, a.Version, a.Config).ActionId).ToList();

        var after = ActionCatalog.Chain(Configuration(("LSATS_QUEUE_ADD_ASSET_MAX_ASSETS_TO_ADD", "5"))).Select(a => ActionIdentity.Of(a.Type, a.Version, a.Config).ActionId).ToList();

        after.Zip(before).Count(pair => pair.First != pair.Second).Should().Be(1);
        after[0].Should().StartWith("add_asset:").And.NotBe(before[0]);
    }

    [Theory]
    [InlineData("it's", "\"it's\"")]
    [InlineData("say \"hi\" it's", "'say \"hi\" it\\'s'")]
    [InlineData("a\\b\tc", "'a\\\\b\\tc'")]
    public void Strings_are_quoted_and_escaped_as_python_repr_does(string value, string expected)
    {
        var config = ActionConfig.Of(("k", value));

        ActionIdentity.Render(config).Should().Be($"[('k', {expected})]");
    }

    [Fact]
    public void An_unknown_action_in_the_chain_is_refused_with_the_known_names()
    {
        var act = () => ActionCatalog.Chain(Configuration(("LSATS_QUEUE_ACTIONS", "summary_comment,frobnicate")));

        act.Should().Throw<FormatException>().WithMessage("*frobnicate*add_asset*");
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
