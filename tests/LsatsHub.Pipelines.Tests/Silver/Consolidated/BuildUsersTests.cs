using System.Globalization;
using Dapper;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Silver.Consolidated;
using LsatsHub.Pipelines.Silver.SourceSpecific;
using LsatsHub.Pipelines.Tests.Silver.SourceSpecific;
using LsatsHub.Pipelines.Tests.Support;
using LsatsHub.Simulator.Generation;
using LsatsHub.Simulator.World;
using LsatsHub.Testing;
using Xunit.Abstractions;

namespace LsatsHub.Pipelines.Tests.Silver.Consolidated;

/// <summary>
/// silver.users against the simulated university's truth: every real person once, with each source's identifiers and
/// the spec's merged values; dirty records as the rules say; reruns write nothing; an incremental run after the next
/// generation equals a full rebuild; a bad source row is skipped and counted.
/// </summary>
[Collection(SilverCollection.Name)]
public sealed class BuildUsersTests(SilverTestBed bed, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Table = "silver.users";

    /// <summary>The bronze datasets people come from (the next generation re-ingests only these).</summary>
    private static readonly DatasetId[] PeopleBronze =
    [
        Datasets.Bronze.TdxUsers, Datasets.Bronze.TdxUsersEnriched, Datasets.Bronze.TdxDepartments, Datasets.Bronze.TdxDepartmentsEnriched,
        Datasets.Bronze.AdUsers, Datasets.Bronze.AdOrganizationalUnits, Datasets.Bronze.MCommunityUsers, Datasets.Bronze.UmApiEmployees,
        Datasets.Bronze.LabAwards,
    ];

    private BuildUsers Step => bed.Step<BuildUsers>();

    public Task InitializeAsync() => bed.ResetSilverAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Every_real_person_lands_exactly_once_with_the_identifiers_of_each_source_and_the_merged_values()
    {
        var expected = UsersTruth.Expected(bed.World);

        var result = await BuildAsync(bed.Database);

        var actual = await SilverTable.RowsAsync(bed.Database, Table, ["uniqname"], UsersTruth.Columns);
        var clean = bed.World.People.Where(p => p.Dirt == PersonDirt.Clean).Select(p => p.Uniqname).ToHashSet(StringComparer.Ordinal);
        var all = Score(expected, actual, _ => true);
        var onClean = Score(expected, actual, clean.Contains);
        output.WriteLine($"silver.users identifiers, all people:   precision {all.Precision:P2}, recall {all.Recall:P2} ({all.Correct} of {all.Expected} expected, {all.Rows} rows)");
        output.WriteLine($"silver.users identifiers, clean people: precision {onClean.Precision:P2}, recall {onClean.Recall:P2} ({onClean.Correct} of {onClean.Expected} expected, {onClean.Rows} rows)");
        output.WriteLine(result.Summary);
        onClean.Expected.Should().BeGreaterThan(100, "the bed's world has many clean people");
        onClean.Precision.Should().Be(1.0);
        onClean.Recall.Should().Be(1.0);
        all.Precision.Should().Be(1.0, "the dirty records land as the rules say, too");
        all.Recall.Should().Be(1.0);

        actual.Keys.Should().BeEquivalentTo(expected.Keys, "one row per real person: no split, no stranger");
        foreach (var (uniqname, values) in expected)
        {
            for (var i = 0; i < UsersTruth.Columns.Count; i++)
            {
                actual[uniqname][i].Should().Be(values[i], $"{uniqname}.{UsersTruth.Columns[i]}");
            }
        }

        result.Summary.Should().StartWith($"{expected.Count} read: {expected.Count} inserted, 0 updated, 0 deleted, 0 skipped");
    }

    [Fact]
    public async Task Each_kind_of_dirty_record_lands_as_the_rules_say()
    {
        var world = bed.World;
        var tdx = UsersTruth.TdxServed(world);
        await BuildAsync(bed.Database);
        var rows = await SilverTable.RowsAsync(bed.Database, Table, ["uniqname"], UsersTruth.Columns);
        Func<Person, string, string?> value = (p, column) => rows[p.Uniqname][UsersTruth.Columns.ToList().IndexOf(column)];

        // Case and whitespace: TDX spells the uniqname differently, the person is still one row with their TDX record.
        var misspelled = world.People.Where(p => p.Dirt.TdxUniqnameSpelling is not null && tdx.Contains(p.Id) && !p.Dirt.MalformedTdx).ToList();
        misspelled.Should().NotBeEmpty();
        foreach (var p in misspelled)
        {
            p.Dirt.TdxUniqnameSpelling.Should().NotBe(p.Uniqname);
            value(p, "tdx_user_uid").Should().Be(p.TdxUid.ToString(), p.Dirt.TdxUniqnameSpelling);
            rows.Keys.Should().NotContain(p.Dirt.TdxUniqnameSpelling!, "no second row for the other spelling");
        }

        // Missing e-mail in one source: the next source in priority gives it.
        var noTdxEmail = world.People.Where(p => p.Dirt.TdxMissingEmail && tdx.Contains(p.Id) && rows.ContainsKey(p.Uniqname)).ToList();
        noTdxEmail.Should().NotBeEmpty();
        noTdxEmail.Should().OnlyContain(p => value(p, "primary_email") == (UsersTruth.InMcommunity(p) || p.Presence.InAd ? p.Email : null));
        var noMcomEmail = world.People.Where(p => p.Dirt.McommunityMissingEmail && rows.ContainsKey(p.Uniqname)).ToList();
        noMcomEmail.Should().NotBeEmpty();
        noMcomEmail.Should().OnlyContain(p => value(p, "primary_email") == ((tdx.Contains(p.Id) && !p.Dirt.TdxMissingEmail) || p.Presence.InAd ? p.Email : null));

        // Conflicting last names (renamed; TDX and AD keep the old one): TDX leads last_name, MCommunity leads full_name.
        var renamed = world.People.Where(p => p.Dirt.PreviousLastName is not null && tdx.Contains(p.Id) && UsersTruth.InMcommunity(p)).ToList();
        renamed.Should().NotBeEmpty();
        foreach (var p in renamed)
        {
            value(p, "last_name").Should().Be(p.Dirt.PreviousLastName);
            value(p, "full_name").Should().EndWith(" " + p.LastName);
        }

        // A malformed source record is missing from the person, never a second person.
        var malformedTdx = world.People.Where(p => p.Dirt.MalformedTdx && tdx.Contains(p.Id)).ToList();
        malformedTdx.Should().NotBeEmpty();
        foreach (var p in malformedTdx)
        {
            value(p, "tdx_user_uid").Should().Be(UsersTruth.InUmApi(p) ? p.TdxUid.ToString() : null, "joined by EmplId when the UMich API has the person");
        }

        var malformedUmApi = world.People.Where(p => p.Dirt.MalformedUmApi && rows.ContainsKey(p.Uniqname)).ToList();
        malformedUmApi.Should().NotBeEmpty();
        malformedUmApi.Should().OnlyContain(p => value(p, "umich_empl_id") == null);
        var malformedMcom = world.People.Where(p => p.Dirt.MalformedMcommunity && rows.ContainsKey(p.Uniqname)).ToList();
        malformedMcom.Should().NotBeEmpty();
        malformedMcom.Should().OnlyContain(p => value(p, "ldap_uid_number") == null);

        // Every real person whose every record the sources spoil is absent, not invented.
        rows.Keys.Should().OnlyContain(uniqname => world.People.Any(p => p.Uniqname == uniqname));
    }

    [Fact]
    public async Task A_rerun_and_a_full_refresh_write_nothing_and_two_builds_give_the_same_table_hash()
    {
        await BuildAsync(bed.Database);
        var first = await SilverTable.ExactAsync(bed.Database, Table);
        var content = await SilverTable.FingerprintAsync(bed.Database, Table, "silver_id");

        var rerunContext = bed.Context(Step, bed.Database);
        var rerun = await Step.RunAsync(rerunContext, CancellationToken.None);
        var fullContext = bed.Context(Step, bed.Database, fullRefresh: true);
        var full = await Step.RunAsync(fullContext, CancellationToken.None);

        rerun.Summary.Should().Contain(": 0 inserted, 0 updated, 0 deleted, 0 skipped");
        rerunContext.Counters.RowsWritten.Should().Be(0);
        full.Summary.Should().Contain(": 0 inserted, 0 updated, 0 deleted, 0 skipped");
        fullContext.Counters.RowsWritten.Should().Be(0);
        (await SilverTable.ExactAsync(bed.Database, Table)).Should().Be(first);

        await bed.ResetSilverAsync();
        await BuildAsync(bed.Database);
        var second = await SilverTable.FingerprintAsync(bed.Database, Table, "silver_id");
        output.WriteLine($"silver.users content hash, build 1: {content}; build 2: {second}");
        second.Should().Be(content);
    }

    [Fact]
    public async Task After_the_next_generation_the_incremental_run_merges_each_person_from_all_sources_and_equals_a_full_rebuild()
    {
        await using var clone = await bed.CloneAsync("nextusers");
        await BuildAsync(clone);
        var before = bed.World;
        var next = WorldMutator.Apply(before);
        // Someone leaves every source the tier-1 tables drop departed people from (not TDX, which keeps them inactive).
        var leaver = next.People.First(p => !p.Presence.InTdx && !p.InUmApi && p.Presence is { InAd: true, InMcommunity: true } && p.Dirt == PersonDirt.Clean);
        var people = next.People.ToList();
        people[leaver.Id] = leaver with { Presence = leaver.Presence with { InAd = false, InMcommunity = false } };
        next = next with { People = people };
        await using (var sources = await SimulatedSources.StartAsync(next))
        {
            await bed.IngestAsync(clone, sources, step => PeopleBronze.Any(dataset => step.Descriptor.Outputs.Contains(dataset)));
        }

        var result = await BuildAsync(clone);

        output.WriteLine(result.Summary);
        var servedBefore = UsersTruth.TdxServed(before);
        var servedAfter = UsersTruth.TdxServed(next);
        var expected = UsersTruth.Expected(next, servedBefore.Union(servedAfter).ToHashSet(), servedAfter);
        var columns = UsersTruth.IdentifierColumns.Concat(["is_active", "source_system"]).ToList();
        var actual = await SilverTable.RowsAsync(clone, Table, ["uniqname"], columns);
        actual.Keys.Should().BeEquivalentTo(expected.Keys.Append(leaver.Uniqname), "new people are added, the leaver's row stays");
        var activeAt = UsersTruth.Columns.ToList().IndexOf("is_active");
        var sourcesAt = UsersTruth.Columns.ToList().IndexOf("source_system");
        foreach (var (uniqname, values) in expected)
        {
            actual[uniqname].Should().Equal([.. values.Take(UsersTruth.IdentifierColumns.Count), values[activeAt], values[sourcesAt]], uniqname);
        }

        actual[leaver.Uniqname][columns.IndexOf("is_active")].Should().Be("false", "a person gone from every source is retired, not left active");
        result.Summary.Should().MatchRegex(@"[1-9]\d* deleted");
        var written = await SilverScenario.WrittenByLatestRunAsync(clone, Table, "uniqname", "users_consolidated");
        written.Should().NotBeEmpty().And.HaveCountLessThan(expected.Count / 2, "only the people whose merged row changed are written");

        // The same table from scratch with a full refresh (the leaver aside: no source remembers them).
        var others = $"(SELECT * FROM {Table} WHERE uniqname <> '{leaver.Uniqname}')";
        var incremental = await SilverTable.FingerprintAsync(clone, others, "silver_id");
        await using (var connection = await clone.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync($"TRUNCATE {Table} CASCADE");
        }

        await bed.RunAsync(Step, clone, fullRefresh: true);
        (await SilverTable.FingerprintAsync(clone, others, "silver_id")).Should().Be(incremental);
    }

    [Fact]
    public async Task A_new_principal_investigator_and_a_changed_tdx_department_code_re_merge_exactly_the_people_they_touch()
    {
        await using var clone = await bed.CloneAsync("piusers");
        await BuildAsync(clone);
        var world = bed.World;
        var index = new LsatsHub.Simulator.Projections.WorldIndex(world);
        var tdx = UsersTruth.TdxServed(world);
        var newPi = world.People.First(p => !index.PiIds.Contains(p.Id) && p.Affiliation == Affiliation.Faculty && p.Dirt == PersonDirt.Clean && UsersTruth.InUmApi(p));
        // People whose department only TDX gives: their department_id follows the TDX account's code.
        var tdxOnly = world.People.Where(p => UsersTruth.TdxJoins(p, tdx) && !UsersTruth.InUmApi(p)).ToList();
        var account = tdxOnly.Select(p => index.Departments[p.DeptId!]).First(d => !d.TdxCodeMissing);
        var moved = tdxOnly.Where(p => p.DeptId == account.DeptId).Select(p => p.Uniqname).ToList();
        await using (var connection = await clone.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO silver.lab_awards (award_id, person_uniqname, person_role, award_title, raw_id, entity_hash)
                VALUES ('AWD-NEW-PI', @Pi, 'Principal Investigator', 'A new award', public.uuid_generate_v4(), 'x');
                INSERT INTO bronze.raw_entities (entity_type, source_system, external_id, raw_data, ingested_at)
                SELECT entity_type, source_system, external_id, raw_data || '{"Code": "999999"}', now() + interval '1 minute'
                FROM bronze.latest_raw_entities
                WHERE source_system = 'tdx' AND entity_type = 'department' AND raw_data ->> 'ID' = @Account;
                """,
                new { Pi = newPi.Uniqname, Account = account.TdxAccountId.ToString(CultureInfo.InvariantCulture) });
        }

        var result = await bed.RunAsync(Step, clone);

        var written = await SilverScenario.WrittenByLatestRunAsync(clone, Table, "uniqname", "users_consolidated");
        written.Should().BeEquivalentTo(moved.Append(newPi.Uniqname), "exactly the people the PI set and the department map touch are re-merged");
        result.Summary.Should().Contain($"0 inserted, {moved.Count + 1} updated, 0 deleted");
        var rows = await SilverTable.RowsAsync(clone, Table, ["uniqname"], ["is_pi", "department_id"]);
        rows[newPi.Uniqname][0].Should().Be("true");
        moved.Should().NotBeEmpty().And.OnlyContain(uniqname => rows[uniqname][1] == "999999");
    }

    [Fact]
    public async Task A_bad_source_row_is_skipped_and_counted_a_duplicate_account_does_not_split_a_person_and_a_tdx_record_without_uniqname_joins_by_empl_id()
    {
        await using var clone = await bed.CloneAsync("badusers");
        var expected = UsersTruth.Expected(bed.World);
        await BuildTierOneAsync(clone);
        var person = bed.World.People.First(p => p.Presence is { InAd: true, AdDisabled: false } && p.Dirt == PersonDirt.Clean && expected.ContainsKey(p.Uniqname));
        var tdx = UsersTruth.TdxServed(bed.World);
        var noAlternateId = bed.World.People.First(p => p.Id != person.Id && tdx.Contains(p.Id) && UsersTruth.InUmApi(p) && p.Dirt == PersonDirt.Clean);
        await using (var connection = await clone.DataSource.OpenConnectionAsync())
        {
            // A uniqname no person can have, a second, disabled AD account spelling an existing uniqname in upper case with
            // blanks, and a TDX record that lost its uniqname (AlternateID) but still carries the person's EmplId.
            await connection.ExecuteAsync(
                """
                INSERT INTO silver.mcommunity_users (uniqname, uid_number, gid_number, raw_id, entity_hash, full_name)
                VALUES ('not a uniqname!', 999999991, 100, public.uuid_generate_v4(), 'x', 'Bad Row');
                INSERT INTO silver.ad_users (ad_user_guid, uniqname, user_account_control, display_name, raw_id, entity_hash)
                VALUES (public.uuid_generate_v4(), ' ' || upper(@Uniqname) || ' ', 514, 'Duplicate Account', public.uuid_generate_v4(), 'x');
                UPDATE silver.tdx_users SET uniqname = NULL WHERE uniqname = @Lost;
                """,
                new { person.Uniqname, Lost = noAlternateId.Uniqname });
        }

        var result = await bed.RunAsync(Step, clone);

        result.Summary.Should().StartWith($"{expected.Count + 1} read: {expected.Count} inserted, 0 updated, 0 deleted, 1 skipped");
        result.Summary.Should().Contain("invalid:uniqname=1").And.Contain("matched_by_empl_id:tdx=1");
        var actual = await SilverTable.RowsAsync(clone, Table, ["uniqname"], UsersTruth.Columns);
        actual.Keys.Should().BeEquivalentTo(expected.Keys);
        actual[person.Uniqname].Should().Equal(expected[person.Uniqname], "the enabled account wins over the duplicate");
        actual[noAlternateId.Uniqname].Should().Equal(expected[noAlternateId.Uniqname], "the TDX record joins its person by EmplId");
        var run = await SilverTable.CountAsync(clone, "SELECT count(*) FROM meta.ingestion_runs WHERE entity_type = 'users_consolidated' AND status = 'completed'");
        run.Should().Be(1);
    }

    [Fact]
    public async Task A_dry_run_reports_the_counts_and_writes_nothing()
    {
        await using var clone = await bed.CloneAsync("dryusers");
        await BuildTierOneAsync(clone);

        var result = await bed.RunAsync(Step, clone, dryRun: true);

        result.Summary.Should().Contain($"{UsersTruth.Expected(bed.World).Count} inserted");
        (await SilverTable.CountAsync(clone, $"SELECT count(*) FROM {Table}")).Should().Be(0);
    }

    /// <summary>Builds the tier-1 tables silver.users reads, then silver.users.</summary>
    private async Task<StepResult> BuildAsync(TestDatabase database)
    {
        await BuildTierOneAsync(database);
        return await bed.RunAsync(Step, database);
    }

    private async Task BuildTierOneAsync(TestDatabase database)
    {
        IStep[] tierOne =
        [
            bed.Step<BuildTdxUsers>(), bed.Step<BuildAdUsers>(), bed.Step<BuildUmApiEmployees>(), bed.Step<BuildMCommunityUsers>(),
            bed.Step<BuildLabAwards>(), bed.Step<BuildAdOrganizationalUnits>(),
        ];
        foreach (var step in tierOne)
        {
            await bed.RunAsync(step, database);
        }
    }

    /// <summary>Precision and recall of the identifiers (a row is right when every source's identifier is).</summary>
    private static (double Precision, double Recall, int Correct, int Expected, int Rows) Score(
        Dictionary<string, string?[]> expected, Dictionary<string, string?[]> actual, Func<string, bool> include)
    {
        var ids = UsersTruth.IdentifierColumns.Count;
        var wanted = expected.Where(row => include(row.Key)).ToList();
        var rows = actual.Where(row => include(row.Key)).ToList();
        var correct = wanted.Count(row => actual.TryGetValue(row.Key, out var got) && got.Take(ids).SequenceEqual(row.Value.Take(ids)));
        return (rows.Count == 0 ? 0 : (double)correct / rows.Count, wanted.Count == 0 ? 0 : (double)correct / wanted.Count, correct, wanted.Count, rows.Count);
    }
}
