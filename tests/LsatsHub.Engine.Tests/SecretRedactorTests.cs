using LsatsHub.Engine;

namespace LsatsHub.Engine.Tests;

public sealed class SecretRedactorTests
{
    [Fact]
    public void Every_occurrence_of_a_listed_secret_is_masked()
    {
        var text = "login with s3cr3t-key failed; retried with s3cr3t-key";

        var redacted = SecretRedactor.Redact(text, ["s3cr3t-key"]);

        redacted.Should().Be("login with *** failed; retried with ***");
    }

    [Fact]
    public void Secrets_shorter_than_four_characters_and_empty_ones_are_left_alone()
    {
        var redacted = SecretRedactor.Redact("abc at the abc", ["abc", string.Empty, null!]);

        redacted.Should().Be("abc at the abc");
    }

    [Fact]
    public void A_secret_containing_another_secret_is_masked_whole()
    {
        var redacted = SecretRedactor.Redact("token=ABCD1234EFGH", ["ABCD", "ABCD1234EFGH"]);

        redacted.Should().Be("token=***");
    }

    [Theory]
    [InlineData("Host=db;Username=etl;Password=hunter22;Database=lsats", "Host=db;Username=etl;Password=***;Database=lsats")]
    [InlineData("host=db password=hunter22 dbname=lsats", "host=db password=*** dbname=lsats")]
    [InlineData("password = 'hunter 22' dbname=lsats", "password = *** dbname=lsats")]
    [InlineData("PGPASSWORD=hunter22", "PGPASSWORD=***")]
    [InlineData("Pwd=\"hunter22\";", "Pwd=***;")]
    public void Password_pairs_are_masked_without_knowing_the_password(string text, string expected)
    {
        SecretRedactor.Redact(text).Should().Be(expected);
    }

    [Theory]
    [InlineData("postgresql://etl:hunter22@db.example:5432/lsats", "postgresql://etl:***@db.example:5432/lsats")]
    [InlineData("failed to reach https://svc:p%40ss@api.example/x and gave up", "failed to reach https://svc:***@api.example/x and gave up")]
    public void Url_credentials_are_masked_but_the_user_and_host_stay(string text, string expected)
    {
        SecretRedactor.Redact(text).Should().Be(expected);
    }

    [Fact]
    public void Text_without_secrets_is_unchanged()
    {
        const string text = "postgresql://etl@db.example/lsats: password authentication failed for user \"etl\"";

        SecretRedactor.Redact(text, ["unrelated"]).Should().Be(text);
    }
}
