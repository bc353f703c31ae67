using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using LsatsHub.Pipelines.Bronze.Common;

namespace LsatsHub.Pipelines.Tests.Support;

/// <summary>Builds record streams for the writer.</summary>
public static class Records
{
    public static readonly BronzeEntity People = new("test_source", "person", ["name", "title"]);

    public static BronzeRecord Person(string id, string name, string title = "Researcher") =>
        new(id, new JsonObject { ["uid"] = id, ["name"] = name, ["title"] = title });

    public static BronzeRecord FromJson(string id, string json) => new(id, JsonNode.Parse(json)!.AsObject());

    public static BronzeRecord[] People1To(int count) =>
        Enumerable.Range(1, count).Select(i => Person($"p{i:D4}", $"Person {i}")).ToArray();

    public static async IAsyncEnumerable<BronzeRecordOrError> Stream(
        IEnumerable<BronzeRecordOrError> items,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return item;
        }
    }

    public static IAsyncEnumerable<BronzeRecordOrError> Stream(params BronzeRecord[] records) =>
        Stream(records.Select(BronzeRecordOrError.Ok));

    public static async IAsyncEnumerable<BronzeRecordOrError> Failing(IEnumerable<BronzeRecord> before, string message)
    {
        foreach (var record in before)
        {
            await Task.Yield();
            yield return record;
        }

        throw new InvalidOperationException(message);
    }
}
