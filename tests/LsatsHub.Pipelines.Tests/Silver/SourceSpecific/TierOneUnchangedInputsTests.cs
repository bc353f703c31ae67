using Dapper;
using LsatsHub.Pipelines.Silver.Common;
using LsatsHub.Pipelines.Silver.SourceSpecific;
using LsatsHub.Pipelines.Tests.Support;
using LsatsHub.Testing;
using Xunit.Abstractions;

namespace LsatsHub.Pipelines.Tests.Silver.SourceSpecific;

/// <summary>
/// The no-change shortcut of a tier-1 step (SilverTransform with the step's descriptor): its bronze input is stamped by
/// its own source/entity slice of bronze.raw_entities, so an unchanged slice and output skip the merge, a write into
/// another slice does not defeat the skip, and a new version in the slice or a row deleted from the output behind the
/// step's back makes it merge again.
/// </summary>
[Collection(SilverCollection.Name)]
public sealed class TierOneUnchangedInputsTests(SilverTestBed bed, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Table = "silver.umapi_departments";

    // A new version of one entity of a slice, copied from its newest version with one field changed.
    private const string NewVersionSql =
        """
        INSERT INTO bronze.raw_entities (entity_type, source_system, external_id, raw_data, ingested_at)
        SELECT l.entity_type, l.source_system, l.external_id,
               l.raw_data || jsonb_build_object(@Field, 'Changed by the test', '_content_hash', md5(random()::text)),
               (SELECT max(ingested_at) FROM bronze.raw_entities) + interval '1 second'
        FROM bronze.latest_raw_entities l
        WHERE l.source_system = @Source AND l.entity_type = @Entity AND NOT l.is_deleted
        ORDER BY l.external_id
        LIMIT 1
        RETURNING external_id
        """;

    private BuildUmApiDepartments Step => bed.Step<BuildUmApiDepartments>();

    public Task InitializeAsync() => bed.ResetSilverAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_unchanged_slice_skips_even_after_a_write_into_another_slice_and_a_new_version_in_its_slice_is_merged()
    {
        await using var clone = await bed.CloneAsync("t1unchanged");
        await bed.RunAsync(Step, clone);
        await using var connection = await clone.DataSource.OpenConnectionAsync();

        var unchanged = await bed.RunAsync(Step, clone);
        await connection.ExecuteScalarAsync<string>(NewVersionSql, new { Source = "tdx", Entity = "department", Field = "Name" });
        var afterOtherSlice = await bed.RunAsync(Step, clone);
        var changedId = await connection.ExecuteScalarAsync<string>(NewVersionSql, new { Source = "umich_api", Entity = "department", Field = "DeptDescription" });
        var afterOwnSlice = await bed.RunAsync(Step, clone);
        var again = await bed.RunAsync(Step, clone);

        output.WriteLine($"{unchanged.Summary}\n{afterOtherSlice.Summary}\n{afterOwnSlice.Summary}\n{again.Summary}");
        unchanged.Summary.Should().Contain(SilverTransform.UnchangedNote);
        afterOtherSlice.Summary.Should().Contain(SilverTransform.UnchangedNote, "a TDX department version is not in the UMich API slice");
        afterOwnSlice.Summary.Should().NotContain(SilverTransform.UnchangedNote).And.Contain("0 inserted, 1 updated, 0 deleted");
        (await connection.ExecuteScalarAsync<string>($"SELECT department_name FROM {Table} WHERE dept_id = @changedId", new { changedId }))
            .Should().Be("Changed by the test");
        again.Summary.Should().Contain(SilverTransform.UnchangedNote);
    }

    [Fact]
    public async Task A_row_deleted_from_the_output_behind_the_steps_back_is_restored_by_the_next_run()
    {
        await using var clone = await bed.CloneAsync("t1restored");
        await bed.RunAsync(Step, clone);
        var before = await SilverTable.FingerprintAsync(clone, Table, "silver_id");
        await using (var connection = await clone.DataSource.OpenConnectionAsync())
        {
            (await connection.ExecuteAsync($"DELETE FROM {Table} WHERE dept_id = (SELECT min(dept_id) FROM {Table})")).Should().Be(1);
        }

        var result = await bed.RunAsync(Step, clone);

        output.WriteLine(result.Summary);
        result.Summary.Should().NotContain(SilverTransform.UnchangedNote).And.Contain("1 inserted, 0 updated, 0 deleted");
        (await SilverTable.FingerprintAsync(clone, Table, "silver_id")).Should().Be(before);
    }
}
