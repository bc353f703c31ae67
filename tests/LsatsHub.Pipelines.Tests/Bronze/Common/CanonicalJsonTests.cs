using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using LsatsHub.Pipelines.Bronze.Common;

namespace LsatsHub.Pipelines.Tests.Bronze.Common;

public sealed class CanonicalJsonTests
{
    [Fact]
    public void Keys_are_sorted_ordinally_at_every_depth_and_arrays_keep_their_order()
    {
        var node = JsonNode.Parse("""{ "b": 1, "a": { "z": [3, 1, 2], "B": true, "a": null }, "_m": "x" }""");

        var canonical = CanonicalJson.Serialize(node);

        canonical.Should().Be("""{"_m":"x","a":{"B":true,"a":null,"z":[3,1,2]},"b":1}""");
    }

    [Fact]
    public void Numbers_stay_as_written_and_non_ascii_stays_literal_utf8()
    {
        var node = JsonNode.Parse("""{"n": 1.50, "e": 1e3, "s": "caf\u00e9 \"q\""}""");

        CanonicalJson.Serialize(node).Should().Be("{\"e\":1e3,\"n\":1.50,\"s\":\"café \\\"q\\\"\"}");
    }

    [Fact]
    public void The_hash_is_the_sha256_of_the_canonical_selected_fields()
    {
        var data = JsonNode.Parse("""{"title": "PI", "name": "Ada", "uid": "ada"}""")!.AsObject();
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("""{"name":"Ada","title":"PI"}""")));

        CanonicalJson.ContentHash(data, ["title", "name"]).Should().Be(expected);
    }

    [Fact]
    public void Key_order_whitespace_and_escaping_do_not_change_the_hash()
    {
        var first = JsonNode.Parse("""{"name":"José","tags":["a","b"],"office":{"room":"1","bldg":"A"}}""")!.AsObject();
        var second = JsonNode.Parse("""
            {
              "office": { "bldg": "A", "room": "1" },
              "tags": [ "a", "b" ],
              "name": "Jos\u00e9"
            }
            """)!.AsObject();

        CanonicalJson.ContentHash(second, null).Should().Be(CanonicalJson.ContentHash(first, null));
    }

    [Fact]
    public void Top_level_underscore_keys_are_never_hashed_but_nested_ones_are()
    {
        var plain = JsonNode.Parse("""{"name":"Ada","inner":{"_k":1}}""")!.AsObject();
        var withMetadata = JsonNode.Parse("""{"name":"Ada","inner":{"_k":1},"_ingested":"today","_content_hash":"x"}""")!.AsObject();
        var nestedChanged = JsonNode.Parse("""{"name":"Ada","inner":{"_k":2}}""")!.AsObject();

        CanonicalJson.ContentHash(withMetadata, null).Should().Be(CanonicalJson.ContentHash(plain, null));
        CanonicalJson.ContentHash(nestedChanged, null).Should().NotBe(CanonicalJson.ContentHash(plain, null));
    }

    [Fact]
    public void Only_listed_fields_count_and_an_absent_field_differs_from_an_explicit_null()
    {
        var data = JsonNode.Parse("""{"name":"Ada","lastLogon":"1"}""")!.AsObject();
        var laterLogon = JsonNode.Parse("""{"name":"Ada","lastLogon":"2"}""")!.AsObject();
        var explicitNull = JsonNode.Parse("""{"name":"Ada","title":null}""")!.AsObject();

        CanonicalJson.ContentHash(laterLogon, ["name", "title"]).Should().Be(CanonicalJson.ContentHash(data, ["name", "title"]));
        CanonicalJson.ContentHash(explicitNull, ["name", "title"]).Should().NotBe(CanonicalJson.ContentHash(data, ["name", "title"]));
    }

    [Fact]
    public void Values_built_in_code_hash_like_the_same_values_parsed_from_text()
    {
        var built = new JsonObject { ["name"] = "Ada", ["count"] = 3, ["active"] = true, ["groups"] = new JsonArray("x", "y") };
        var parsed = JsonNode.Parse("""{"groups":["x","y"],"active":true,"count":3,"name":"Ada"}""")!.AsObject();

        CanonicalJson.ContentHash(built, null).Should().Be(CanonicalJson.ContentHash(parsed, null));
    }

    [Fact]
    public void The_writers_own_keys_cannot_be_hash_fields()
    {
        var act = () => new BronzeEntity("tdx", "user", ["UID", "_content_hash"]);

        act.Should().Throw<ArgumentException>().WithMessage("*'_content_hash'*writer's own keys*");
    }

    [Fact]
    public void A_named_underscore_field_is_hashed()
    {
        var entity = new BronzeEntity("active_directory", "organizational_unit", ["ou", "_child_ou_count"]);
        var before = JsonNode.Parse("""{"ou":"Chem","_child_ou_count":1}""")!.AsObject();
        var after = JsonNode.Parse("""{"ou":"Chem","_child_ou_count":2}""")!.AsObject();

        CanonicalJson.ContentHash(after, entity.HashFields).Should().NotBe(CanonicalJson.ContentHash(before, entity.HashFields));
    }
}
