using Dapper;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Silver.Common;
using LsatsHub.Pipelines.Tests.Support;
using LsatsHub.Simulator.World;
using LsatsHub.Testing;

namespace LsatsHub.Pipelines.Tests.Silver.SourceSpecific;

/// <summary>
/// The four tier-1 AD tables (ad_users, ad_groups, ad_computers, ad_organizational_units) on the shared test bed: bronze
/// loaded by the real AD steps from the simulated AD (slapd), the truth computed from the simulated world.
/// </summary>
[Collection(SilverCollection.Name)]
public sealed class BuildAdTablesTests(SilverTestBed bed) : IAsyncLifetime
{
    public static TheoryData<string> TableNames => new(AdTruth.Tables.Keys);

    public Task InitializeAsync() => bed.ResetSilverAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [MemberData(nameof(TableNames))]
    public async Task Each_AD_table_holds_exactly_the_entities_the_directory_serves_with_every_sampled_field_exact(string table)
    {
        var expected = AdTruth.Expected(table, bed.World);

        var result = await bed.RunAsync(Step(table));

        await ShouldEqualAsync(bed.Database, table, expected);
        expected.Should().NotBeEmpty();
        result.Summary.Should().Be($"{expected.Count} read: {expected.Count} inserted, 0 updated, 0 deleted, 0 skipped");
        var run = await LatestRunAsync(bed.Database, table);
        run.Status.Should().Be("completed");
        run.Created.Should().Be(expected.Count);
    }

    [Fact]
    public void The_sampled_AD_fields_include_names_with_quotes_commas_and_non_ASCII_letters()
    {
        var values = AdTruth.Expected("ad_users", bed.World).Values.SelectMany(row => row).OfType<string>().ToList();

        values.Should().Contain(value => value.Contains('\''), "the world has O'Brien and N'Diaye");
        values.Should().Contain(value => value.Contains(", ", StringComparison.Ordinal), "the world has 'Smith, Jr.'");
        values.Should().Contain(value => value.Any(c => c > 127), "the world has non-ASCII names");
    }

    [Theory]
    [MemberData(nameof(TableNames))]
    public async Task A_rerun_and_a_full_refresh_of_an_AD_table_write_nothing_at_all(string table)
    {
        var step = Step(table);
        await bed.RunAsync(step);
        var before = await SilverTable.ExactAsync(bed.Database, AdTruth.Tables[table].Name);
        var count = AdTruth.Expected(table, bed.World).Count;

        var rerunContext = bed.Context(step, bed.Database);
        var rerun = await step.RunAsync(rerunContext, CancellationToken.None);
        var fullContext = bed.Context(step, bed.Database, fullRefresh: true);
        var full = await step.RunAsync(fullContext, CancellationToken.None);

        rerun.Summary.Should().Be($"0 read: 0 inserted, 0 updated, 0 deleted, 0 skipped ({SilverTransform.UnchangedNote})");
        rerunContext.Counters.RowsWritten.Should().Be(0);
        full.Summary.Should().Be($"{count} read: 0 inserted, 0 updated, 0 deleted, 0 skipped");
        fullContext.Counters.RowsWritten.Should().Be(0);
        (await SilverTable.ExactAsync(bed.Database, AdTruth.Tables[table].Name)).Should().Be(before);
    }

    [Fact]
    public async Task After_AD_changes_exactly_the_entities_with_a_new_bronze_version_are_written_departed_ones_are_removed_and_a_full_refresh_rebuilds_the_same_tables()
    {
        await using var clone = await bed.CloneAsync("adnext");
        foreach (var table in AdTruth.Tables.Keys)
        {
            await bed.RunAsync(Step(table), clone);
        }

        var next = Changed(bed.World);
        var before = await LatestRawIdsAsync(clone);
        await using (var sources = await SimulatedSources.StartAsync(next))
        {
            await bed.IngestAsync(clone, sources, step => step.Descriptor.Source == "ad");
        }

        // Departures of a user, a group and an OU as the bronze writer records them after a complete fetch (the computer
        // above departs through the real ingest), so each table sees one.
        var departed = await TombstoneAsync(clone);
        var changed = (await LatestRawIdsAsync(clone)).Where(row => !before.TryGetValue(row.Key, out var old) || old != row.Value).Select(row => row.Key).ToHashSet();

        foreach (var table in AdTruth.Tables.Keys)
        {
            var info = AdTruth.Tables[table];
            var previous = await SilverTable.RowsAsync(clone, info.Name, [info.KeyColumn], ["raw_id"]);
            var expected = AdTruth.Expected(table, next);
            foreach (var key in departed[table])
            {
                expected.Remove(key);
            }

            var written = (await EntityKeysAsync(clone, table, changed)).Where(key => expected.ContainsKey(key)).ToHashSet();
            var removed = previous.Keys.Except(expected.Keys).ToList();
            var inserted = written.Count(key => !previous.ContainsKey(key));

            var result = await bed.RunAsync(Step(table), clone);

            removed.Should().NotBeEmpty($"something left {table}");
            written.Should().NotBeEmpty($"something changed in {table}");
            written.Count.Should().BeLessThan(expected.Count, $"not everything in {table} changed");
            result.Summary.Should().Be(
                $"{written.Count + removed.Count} read: {inserted} inserted, {written.Count - inserted} updated, {removed.Count} deleted, 0 skipped", table);
            await ShouldEqualAsync(clone, table, expected);
            var run = await LatestRunAsync(clone, table);
            await using var connection = await clone.DataSource.OpenConnectionAsync();
            var writtenByRun = await connection.QueryAsync<string>(
                $"SELECT {info.KeyColumn}::text FROM {info.Name} WHERE ingestion_run_id = @RunId", new { run.RunId });
            writtenByRun.Should().BeEquivalentTo(written, $"{table}: only entities with a new bronze version are written");

            var incremental = await SilverTable.FingerprintAsync(clone, info.Name);
            await connection.ExecuteAsync($"TRUNCATE {info.Name}");
            await bed.RunAsync(Step(table), clone, fullRefresh: true);
            (await SilverTable.FingerprintAsync(clone, info.Name)).Should().Be(incremental, $"{table}: a full refresh gives the same table");
        }
    }

    [Fact]
    public async Task Bad_AD_values_are_nulled_or_the_record_skipped_and_counted_while_every_other_row_lands()
    {
        await using var clone = await bed.CloneAsync("adbad");
        await using var connection = await clone.DataSource.OpenConnectionAsync();
        var victims = new Dictionary<string, (string Landed, string? Skipped)>(StringComparer.Ordinal)
        {
            ["ad_users"] = (
                await NewVersionAsync(connection, "user", 0, """{"whenCreated": "2025-02-30T00:00:00+00:00", "userAccountControl": "lots"}""", null),
                await NewEntityAsync(connection, "user", "not-a-guid")),
            ["ad_groups"] = (await NewVersionAsync(connection, "group", 0, $$"""{"groupType": "x", "sAMAccountName": "{{new string('g', 300)}}"}""", null), null),
            ["ad_computers"] = (
                await NewVersionAsync(connection, "computer", 0, """{"isCriticalSystemObject": "maybe"}""", null),
                await NewVersionAsync(connection, "computer", 1, "{}", "pwdLastSet")),
            ["ad_organizational_units"] = (
                await NewVersionAsync(connection, "organizational_unit", 0, """{"_direct_computer_count": "many"}""", null),
                await NewVersionAsync(connection, "organizational_unit", 1, "{}", "whenCreated")),
        };
        var quality = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ad_users"] = "invalid:ad_user_guid=1, invalid:user_account_control=1, invalid:when_created=1",
            ["ad_groups"] = "invalid:group_type=1, invalid:sam_account_name=1",
            ["ad_computers"] = "invalid:is_critical_system_object=1, missing:pwd_last_set=1",
            ["ad_organizational_units"] = "invalid:direct_computer_count=1, missing:when_created=1",
        };
        var nulled = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["ad_users"] = ["user_account_control", AdTruth.Time("when_created")],
            ["ad_groups"] = ["group_type", "sam_account_name"],
            ["ad_computers"] = ["is_critical_system_object"],
            ["ad_organizational_units"] = ["direct_computer_count"],
        };

        foreach (var (table, (landed, skipped)) in victims)
        {
            var info = AdTruth.Tables[table];
            var expected = AdTruth.Expected(table, bed.World);
            var landedKey = await KeyOfAsync(connection, table, landed);
            var skippedKey = skipped is null || table == "ad_users" ? null : await KeyOfAsync(connection, table, skipped);
            var newEntity = table == "ad_users" ? 1 : 0;

            var result = await bed.RunAsync(Step(table), clone);

            var landing = expected.Count - (skippedKey is null ? 0 : 1);
            result.Summary.Should().Be(
                $"{expected.Count + newEntity} read: {landing} inserted, 0 updated, 0 deleted, {(skipped is null ? 0 : 1)} skipped; quality: {quality[table]}", table);
            var actual = await SilverTable.RowsAsync(clone, info.Name, [info.KeyColumn], info.Columns);
            actual.Keys.Should().BeEquivalentTo(expected.Keys.Where(key => key != skippedKey), table);
            foreach (var (key, values) in expected.Where(row => row.Key != skippedKey))
            {
                for (var i = 0; i < info.Columns.Count; i++)
                {
                    var blanked = key == landedKey && nulled[table].Contains(info.Columns[i]);
                    actual[key][i].Should().Be(blanked ? null : values[i], $"{table} {key} {info.Columns[i]}");
                }
            }

            (await LatestRunAsync(clone, table)).Status.Should().Be("completed");
        }
    }

    [Fact]
    public async Task A_renamed_computer_and_a_name_taken_over_from_a_departed_one_move_their_unique_keys_in_one_run()
    {
        // Arrange: the table as built; then computer 0 renamed its account only, computer 1 its account and its CN, and
        // computer 3 takes the name and account of computer 2, which left AD. Each moves a value of a unique index
        // (sAMAccountName, name, objectGUID) from a row the run removes to a row it writes.
        await using var clone = await bed.CloneAsync("adrename");
        await bed.RunAsync(Step("ad_computers"), clone);
        await using var connection = await clone.DataSource.OpenConnectionAsync();
        var computers = (await connection.QueryAsync<(string Sam, string Guid)>(
            """
            SELECT raw_data ->> 'sAMAccountName', raw_data ->> 'objectGUID' FROM bronze.latest_raw_entities
            WHERE source_system = 'active_directory' AND entity_type = 'computer' ORDER BY external_id LIMIT 4
            """)).ToList();
        var departedName = computers[2].Sam.TrimEnd('$');
        await RenameComputerAsync(connection, 0, "RENAMED-ACCOUNT$", cn: null);
        await RenameComputerAsync(connection, 1, "RENAMED-BOTH$", cn: "RENAMED-BOTH");
        await connection.ExecuteAsync(
            """
            INSERT INTO bronze.raw_entities (entity_type, source_system, external_id, raw_data, ingested_at)
            SELECT entity_type, source_system, external_id, jsonb_build_object('_deleted', true), now() + interval '1 minute'
            FROM bronze.latest_raw_entities
            WHERE source_system = 'active_directory' AND entity_type = 'computer' ORDER BY external_id OFFSET 2 LIMIT 1
            """);
        await RenameComputerAsync(connection, 3, departedName + "$", cn: departedName);

        // Act
        var result = await bed.RunAsync(Step("ad_computers"), clone);

        // Assert
        result.Summary.Should().Be("4 read: 3 inserted, 0 updated, 4 deleted, 0 skipped");
        var rows = (await connection.QueryAsync<(string Sam, string Name, string Guid)>(
            "SELECT sam_account_name, computer_name, object_guid::text FROM silver.ad_computers WHERE object_guid = ANY (@guids::uuid[])",
            new { guids = computers.Select(c => c.Guid.Trim('{', '}')).ToArray() })).ToList();
        rows.Should().BeEquivalentTo(new[]
        {
            ("RENAMED-ACCOUNT$", computers[0].Sam.TrimEnd('$'), computers[0].Guid.Trim('{', '}')),
            ("RENAMED-BOTH$", "RENAMED-BOTH", computers[1].Guid.Trim('{', '}')),
            (departedName + "$", departedName, computers[3].Guid.Trim('{', '}')),
        });
    }

    [Fact]
    public async Task An_OU_deleted_and_created_again_under_the_same_DN_gets_the_new_GUID_in_one_run()
    {
        // Arrange: a leaf OU leaves AD and an OU of the same DN appears with another objectGUID, which moves the DN (a
        // unique key) from the row the run removes to the row it writes.
        await using var clone = await bed.CloneAsync("adouagain");
        await bed.RunAsync(Step("ad_organizational_units"), clone);
        await using var connection = await clone.DataSource.OpenConnectionAsync();
        var newGuid = Guid.NewGuid();
        var (oldExternalId, dn) = await connection.QuerySingleAsync<(string, string)>(
            """
            WITH leaf AS (
                SELECT * FROM bronze.latest_raw_entities
                WHERE source_system = 'active_directory' AND entity_type = 'organizational_unit' AND raw_data ->> '_child_ou_count' = '0'
                ORDER BY external_id LIMIT 1),
            gone AS (
                INSERT INTO bronze.raw_entities (entity_type, source_system, external_id, raw_data, ingested_at)
                SELECT entity_type, source_system, external_id, jsonb_build_object('_deleted', true), now() + interval '1 minute' FROM leaf),
            again AS (
                INSERT INTO bronze.raw_entities (entity_type, source_system, external_id, raw_data, ingested_at)
                SELECT entity_type, source_system, '{' || @newGuid::text || '}',
                       raw_data || jsonb_build_object('objectGUID', '{' || @newGuid::text || '}'), now() + interval '1 minute'
                FROM leaf)
            SELECT external_id, raw_data ->> 'distinguishedName' FROM leaf
            """,
            new { newGuid });

        // Act
        var result = await bed.RunAsync(Step("ad_organizational_units"), clone);

        // Assert
        result.Summary.Should().Be("2 read: 1 inserted, 0 updated, 1 deleted, 0 skipped");
        (await connection.QueryAsync<Guid>("SELECT object_guid FROM silver.ad_organizational_units WHERE distinguished_name = @dn", new { dn }))
            .Should().Equal(newGuid);
        (await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM silver.ad_organizational_units WHERE object_guid = @old::uuid", new { old = oldExternalId.Trim('{', '}') }))
            .Should().Be(0);
    }

    private IStep Step(string table) => bed.Steps.Single(step => step.Descriptor.Name == "silver." + table);

    private static async Task ShouldEqualAsync(TestDatabase database, string table, Dictionary<string, string?[]> expected)
    {
        var info = AdTruth.Tables[table];
        var actual = await SilverTable.RowsAsync(database, info.Name, [info.KeyColumn], info.Columns);
        actual.Keys.Should().BeEquivalentTo(expected.Keys, table);
        foreach (var (key, values) in expected)
        {
            for (var i = 0; i < info.Columns.Count; i++)
            {
                actual[key][i].Should().Be(values[i], $"{table} {key} {info.Columns[i]}");
            }
        }
    }

    /// <summary>
    /// The next state of the directory: two people renamed (a quote, a comma, non-ASCII), one
    /// disabled, one group redescribed, one computer moved to another department's OU, the last computer gone.
    /// </summary>
    private static SimWorld Changed(SimWorld world)
    {
        var people = world.People.ToList();
        var renamed = people.Where(p => p.Presence.InAd && !p.Presence.AdDisabled).Take(3).ToList();
        people[renamed[0].Id] = renamed[0] with { LastName = "O'Brien-Ångström", Dirt = renamed[0].Dirt with { PreviousLastName = null } };
        people[renamed[1].Id] = renamed[1] with { LastName = "Nguyễn, Jr.", Dirt = renamed[1].Dirt with { PreviousLastName = null } };
        people[renamed[2].Id] = renamed[2] with { Presence = renamed[2].Presence with { AdDisabled = true } };
        var groups = world.Groups.ToList();
        var group = groups.FindIndex(g => g.Kind != GroupKind.Mcommunity);
        groups[group] = groups[group] with { Description = "Renamed \"quoted\" group – Žukauskas" };
        var computers = world.Computers.ToList();
        var moved = computers.FindIndex(c => c.InAd && c.LabPi is null);
        var target = world.Departments.First(d => d.IsLsa && AdLayout.DepartmentWorkstationsOu(d) != computers[moved].OuDn);
        computers[moved] = computers[moved] with { OuDn = AdLayout.DepartmentWorkstationsOu(target) };
        var last = computers.FindLastIndex(c => c.InAd);
        computers[last] = computers[last] with { InAd = false };
        return world with { People = people, Groups = groups, Computers = computers };
    }

    /// <summary>Tombstones one user, one group and one leaf OU the way the bronze writer does; returns their silver keys per table.</summary>
    private static async Task<Dictionary<string, string[]>> TombstoneAsync(TestDatabase database)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var gone = new Dictionary<string, string[]>(StringComparer.Ordinal) { ["ad_computers"] = [] };
        foreach (var (table, entityType, filter) in new[]
                 {
                     ("ad_users", "user", "NOT (raw_data -> 'objectClass' ? 'computer')"),
                     ("ad_groups", "group", "true"),
                     ("ad_organizational_units", "organizational_unit", "raw_data ->> '_child_ou_count' = '0'"),
                 })
        {
            var externalId = await connection.QuerySingleAsync<string>(
                $"""
                INSERT INTO bronze.raw_entities (entity_type, source_system, external_id, raw_data, ingested_at, ingestion_metadata)
                SELECT entity_type, source_system, external_id,
                       jsonb_build_object('_deleted', true, '_content_hash', 'deleted', '_deleted_at', now()::text), now() + interval '1 minute',
                       jsonb_build_object('change', 'deleted', '_deleted', true)
                FROM bronze.latest_raw_entities
                WHERE source_system = 'active_directory' AND entity_type = @entityType AND NOT is_deleted AND {filter}
                ORDER BY external_id DESC LIMIT 1
                RETURNING external_id
                """,
                new { entityType });
            gone[table] = [externalId.Trim('{', '}').ToLowerInvariant()];
        }

        return gone;
    }

    private static async Task<Dictionary<string, Guid>> LatestRawIdsAsync(TestDatabase database)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<(string, Guid)>(
            "SELECT entity_type || '|' || external_id, raw_id FROM bronze.latest_raw_entities WHERE source_system = 'active_directory'");
        return rows.ToDictionary(row => row.Item1, row => row.Item2, StringComparer.Ordinal);
    }

    /// <summary>The silver keys of the given bronze entities (type|external id) that belong to <paramref name="table"/>.</summary>
    private static async Task<IEnumerable<string>> EntityKeysAsync(TestDatabase database, string table, IReadOnlySet<string> entities)
    {
        var (entityType, key) = table switch
        {
            "ad_users" => ("user", "lower(btrim(external_id, '{}'))"),
            "ad_groups" => ("group", "lower(btrim(external_id, '{}'))"),
            "ad_computers" => ("computer", "raw_data ->> 'sAMAccountName'"),
            _ => ("organizational_unit", "lower(btrim(external_id, '{}'))"),
        };
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.QueryAsync<string>(
            $"""
            SELECT {key} FROM bronze.latest_raw_entities
            WHERE source_system = 'active_directory' AND entity_type = @entityType AND NOT is_deleted
              AND NOT (raw_data -> 'objectClass' ? 'computer' AND entity_type = 'user')
              AND entity_type || '|' || external_id = ANY (@entities)
            """,
            new { entityType, entities = entities.ToArray() });
    }

    /// <summary>A newer version of the n-th entity (by external id) with <paramref name="patch"/> merged and <paramref name="drop"/> removed.</summary>
    private static Task<string> NewVersionAsync(Npgsql.NpgsqlConnection connection, string entityType, int offset, string patch, string? drop) =>
        connection.QuerySingleAsync<string>(
            """
            INSERT INTO bronze.raw_entities (entity_type, source_system, external_id, raw_data, ingested_at)
            SELECT entity_type, source_system, external_id, (raw_data || @patch::jsonb) - coalesce(@drop, ''), now() + interval '1 minute'
            FROM bronze.latest_raw_entities
            WHERE source_system = 'active_directory' AND entity_type = @entityType
              AND NOT (raw_data -> 'objectClass' ? 'computer' AND entity_type = 'user')
            ORDER BY external_id OFFSET @offset LIMIT 1
            RETURNING external_id
            """,
            new { entityType, offset, patch, drop });

    /// <summary>A newer version of the n-th computer (by external id) with another sAMAccountName and, given <paramref name="cn"/>, another RDN.</summary>
    private static Task RenameComputerAsync(Npgsql.NpgsqlConnection connection, int offset, string sam, string? cn) =>
        connection.ExecuteAsync(
            """
            INSERT INTO bronze.raw_entities (entity_type, source_system, external_id, raw_data, ingested_at)
            SELECT entity_type, source_system, external_id,
                   raw_data || jsonb_build_object('sAMAccountName', @sam)
                            || CASE WHEN @cn IS NULL THEN '{}'::jsonb
                                    ELSE jsonb_build_object('distinguishedName', regexp_replace(raw_data ->> 'distinguishedName', '^CN=[^,]+', 'CN=' || @cn),
                                                            'dn', regexp_replace(raw_data ->> 'dn', '^cn=[^,]+', 'cn=' || @cn)) END,
                   now() + interval '1 minute'
            FROM bronze.latest_raw_entities
            WHERE source_system = 'active_directory' AND entity_type = 'computer'
            ORDER BY external_id OFFSET @offset LIMIT 1
            """,
            new { offset, sam, cn });

    /// <summary>A new entity whose external id is not a GUID, otherwise a copy of the last one.</summary>
    private static Task<string> NewEntityAsync(Npgsql.NpgsqlConnection connection, string entityType, string externalId) =>
        connection.QuerySingleAsync<string>(
            """
            INSERT INTO bronze.raw_entities (entity_type, source_system, external_id, raw_data, ingested_at)
            SELECT entity_type, source_system, @externalId, raw_data || jsonb_build_object('objectGUID', @externalId), now()
            FROM bronze.latest_raw_entities
            WHERE source_system = 'active_directory' AND entity_type = @entityType
              AND NOT (raw_data -> 'objectClass' ? 'computer' AND entity_type = 'user')
            ORDER BY external_id DESC LIMIT 1
            RETURNING external_id
            """,
            new { entityType, externalId });

    private static Task<string> KeyOfAsync(Npgsql.NpgsqlConnection connection, string table, string externalId) =>
        table == "ad_computers"
            ? connection.QuerySingleAsync<string>(
                "SELECT raw_data ->> 'sAMAccountName' FROM bronze.raw_entities WHERE source_system = 'active_directory' AND entity_type = 'computer' AND external_id = @externalId ORDER BY ingested_at LIMIT 1",
                new { externalId })
            : Task.FromResult(externalId.Trim('{', '}').ToLowerInvariant());

    private static async Task<(Guid RunId, string Status, int Created)> LatestRunAsync(TestDatabase database, string table)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<(Guid, string, int)>(
            """
            SELECT run_id, status, records_created FROM meta.ingestion_runs
            WHERE source_system = 'silver_transformation' AND entity_type = @EntityType
            ORDER BY started_at DESC LIMIT 1
            """,
            new { EntityType = table[..^1] });
    }
}
