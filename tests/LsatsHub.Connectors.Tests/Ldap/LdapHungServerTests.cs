using System.Runtime.Versioning;
using LsatsHub.Connectors.Ldap;
using LsatsHub.Simulator.World;
using LsatsHub.Testing;

namespace LsatsHub.Connectors.Tests.Ldap;

/// <summary>
/// A directory server that accepts connections and never answers (slapd frozen with SIGSTOP): the connector must give
/// up on a bind within the connect timeout and on a search within the search timeout, and a cancelled search must
/// return at once instead of waiting out the long search timeout. Its own slapd, so freezing it disturbs no other test.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class LdapHungServerTests(SlapdFixture slapd) : IClassFixture<SlapdFixture>
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_frozen_server_fails_the_bind_within_the_connect_timeout_naming_the_variable()
    {
        var settings = LdapConfiguration.ForActiveDirectory(slapd.Configuration(values =>
        {
            values["AD_CONNECT_TIMEOUT"] = "2";
            values["AD_TIMEOUT"] = "600";
        }));
        await using var frozen = await FrozenProcess.FreezeAsync(slapd.Server.ReadProcessIds());

        var act = () => slapd.Connector.ConnectAsync(settings, LdapConversion.ActiveDirectory, CancellationToken.None).WaitAsync(HangGuard);

        var message = (await act.Should().ThrowAsync<ConnectorException>()).Which.Message;
        message.Should().Contain("AD_CONNECT_TIMEOUT").And.Contain($"127.0.0.1:{slapd.Server.TlsPort}").And.Contain("did not complete the connection and bind");
        message.Should().NotContain(slapd.Server.Accounts.AdPassword);
    }

    [Fact]
    public async Task A_search_that_a_frozen_server_never_answers_fails_within_the_search_timeout_naming_the_variable()
    {
        // Bound and connected first, then frozen: the hang is in the search, past the connect timeout's reach. Over
        // LDAPS, as production AD: libldap's own time limit did not end a search blocked in the TLS layer.
        var settings = LdapConfiguration.ForActiveDirectory(slapd.Configuration(values => values["AD_TIMEOUT"] = "2"));
        using var session = await slapd.Connector.ConnectAsync(settings, LdapConversion.ActiveDirectory, CancellationToken.None);
        var search = new LdapSearch(settings.SearchBase, "(objectClass=*)", ["cn"]);
        await using var frozen = await FrozenProcess.FreezeAsync(slapd.Server.ReadProcessIds());

        var act = () => session.SearchAsync(search).CountAsync().AsTask().WaitAsync(HangGuard);

        var message = (await act.Should().ThrowAsync<ConnectorException>()).Which.Message;
        message.Should().Contain("did not answer the search").And.Contain("within 2 s (AD_TIMEOUT)").And.Contain($"127.0.0.1:{slapd.Server.TlsPort}");
    }

    [Fact]
    public async Task A_server_that_stops_answering_between_pages_fails_the_search_after_every_entry_it_did_send()
    {
        // The next page is asked for before the current one is handed on; a server frozen after the first page must
        // neither lose nor repeat the entries of the pages that did arrive, and the failure must surface.
        var settings = LdapConfiguration.ForActiveDirectory(slapd.Configuration(values => values["AD_TIMEOUT"] = "2"));
        using var session = await slapd.Connector.ConnectAsync(settings, LdapConversion.ActiveDirectory, CancellationToken.None);
        var search = new LdapSearch(settings.SearchBase, "(&(objectClass=person)(cn=*))", ["cn"]) { PageSize = 5 };
        var all = await session.SearchAsync(search with { PageSize = 1000 }).Select(e => e.DistinguishedName).ToListAsync();
        var received = new List<string>();
        FrozenProcess? frozen = null;

        var act = async () =>
        {
            await foreach (var entry in session.SearchAsync(search).WithCancellation(CancellationToken.None))
            {
                received.Add(entry.DistinguishedName);
                frozen ??= await FrozenProcess.FreezeAsync(slapd.Server.ReadProcessIds());
            }
        };

        try
        {
            var message = (await act.Should().ThrowAsync<ConnectorException>().WaitAsync(HangGuard)).Which.Message;
            message.Should().Contain("did not answer the search").And.Contain("AD_TIMEOUT");
        }
        finally
        {
            if (frozen is not null)
            {
                await frozen.DisposeAsync();
            }
        }

        received.Should().HaveCountGreaterThanOrEqualTo(5, "the first page arrived whole").And.HaveCountLessThan(all.Count);
        received.Count.Should().Be(received.Count / 5 * 5, "only whole pages are handed on");
        received.Should().Equal(all.Take(received.Count), "the pages that arrived are delivered once each, in order");
    }

    [Fact]
    public async Task Cancelling_a_bind_to_a_frozen_server_stops_waiting_for_it()
    {
        var settings = LdapConfiguration.ForMcommunity(slapd.Configuration(values => values["MCOMMUNITY_LDAP_CONNECT_TIMEOUT"] = "600"));
        await using var frozen = await FrozenProcess.FreezeAsync(slapd.Server.ReadProcessIds());
        using var cancel = new CancellationTokenSource();

        var connecting = slapd.Connector.ConnectAsync(settings, LdapConversion.Mcommunity, cancel.Token);
        await cancel.CancelAsync();
        var act = () => connecting.WaitAsync(HangGuard);

        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task Cancelling_a_search_that_a_frozen_server_never_answers_ends_it_and_the_session_closes()
    {
        var settings = LdapConfiguration.ForMcommunity(slapd.Configuration(values => values["MCOMMUNITY_LDAP_TIMEOUT"] = "600"));
        var session = await slapd.Connector.ConnectAsync(settings, LdapConversion.Mcommunity, CancellationToken.None);
        var search = new LdapSearch(AdLayout.McommunityPeople, "(objectClass=*)", ["cn"]);
        using var cancel = new CancellationTokenSource();
        Task<int> counting;
        await using (await FrozenProcess.FreezeAsync(slapd.Server.ReadProcessIds()))
        {
            counting = session.SearchAsync(search, cancel.Token).CountAsync(cancel.Token).AsTask();
            for (var polls = 0; session.RequestsSent == 0 && polls < 1000; polls++)
            {
                await Task.Delay(10);
            }

            session.RequestsSent.Should().Be(1, "the search request is on its way to the frozen server");
            await cancel.CancelAsync();
            var act = () => counting.WaitAsync(HangGuard);

            await act.Should().ThrowAsync<OperationCanceledException>();
            session.Dispose();
        }

        // Resumed: the abandoned request finishes or fails on its own, and a new session works as before.
        using var again = await slapd.Connector.ConnectAsync(settings, LdapConversion.Mcommunity, CancellationToken.None);
        (await again.SearchAsync(new LdapSearch(AdLayout.McommunityBase, "(objectClass=*)", ["dc"]) { Scope = System.DirectoryServices.Protocols.SearchScope.Base }).CountAsync())
            .Should().Be(1);
    }
}
