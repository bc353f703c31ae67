using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using LsatsHub.Pipelines.Bronze.Common;
using LsatsHub.Pipelines.Tests.Support;
using Xunit.Abstractions;

namespace LsatsHub.Pipelines.Tests.Bronze.Common;

public sealed class BronzeWriterStreamingTests(ITestOutputHelper output)
{
    private const int Count = 200_000;

    [Fact]
    public async Task Two_hundred_thousand_generated_records_stream_through_and_a_rerun_changes_only_what_changed()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("streaming");
        var entity = new BronzeEntity("test_source", "account", ["uid", "mail", "ou"]);

        // The system clock here only times the phases for the test output; nothing asserts on it.
        var logger = new ListLogger();
        var writer = new BronzeWriter(bronze.Database.DataSource, logger, TimeProvider.System);
        var first = await WriteAsync(bronze, writer, entity, changeEvery: 0);
        var second = await WriteAsync(bronze, writer, entity, changeEvery: 1000);
        foreach (var message in logger.Messages)
        {
            output.WriteLine(message.Text);
        }

        first.Created.Should().Be(Count);
        second.Updated.Should().Be(Count / 1000);
        second.Unchanged.Should().Be(Count - (Count / 1000));
        second.Deleted.Should().Be(0);
        (await bronze.CountAsync()).Should().Be(Count + (Count / 1000));
    }

    private static async Task<BronzeWriteResult> WriteAsync(BronzeDatabase bronze, BronzeWriter writer, BronzeEntity entity, int changeEvery)
    {
        var runId = await bronze.RunLog.StartAsync(entity.SourceSystem, entity.EntityType, null, CancellationToken.None);
        return await writer.WriteAsync(
            entity,
            Generate(changeEvery),
            new BronzeWriteOptions { IngestionRunId = runId, CompleteFullFetch = true },
            CancellationToken.None);
    }

    private static async IAsyncEnumerable<BronzeRecordOrError> Generate(int changeEvery, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (i % 10_000 == 0)
            {
                await Task.Yield();
            }

            var id = i.ToString("D7", System.Globalization.CultureInfo.InvariantCulture);
            var ou = changeEvery > 0 && i % changeEvery == 0 ? "Moved" : "Chemistry";
            yield return new BronzeRecord(id, new JsonObject
            {
                ["uid"] = "u" + id,
                ["mail"] = $"u{id}@example.edu",
                ["ou"] = new JsonArray(ou, "Faculty"),
                ["_ldap_server"] = "ldap.example.edu",
            });
        }
    }
}
