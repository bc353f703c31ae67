using LsatsHub.Warehouse.Schema;

namespace LsatsHub.Warehouse.Tests.Schema;

public sealed class SqlScriptSplitterTests
{
    [Fact]
    public void Semicolons_inside_quotes_dollar_quotes_and_comments_do_not_split()
    {
        const string script = """
            -- a comment; with a semicolon
            SELECT 'a;b', "odd;name", E'x\';y';
            /* block; /* nested; */ still comment; */
            DO $body$ BEGIN PERFORM 1; END $body$;
            CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;
            SELECT $1
            """;

        var statements = SqlScriptSplitter.Split(script);

        statements.Select(statement => statement.Text.Trim()).Should().HaveCount(4);
        statements[1].Text.Should().Contain("PERFORM 1; END $body$");
        statements[2].Text.Should().Contain("SELECT 1; $$");
        statements[3].Text.Trim().Should().EndWith("SELECT $1");
    }

    [Fact]
    public void Each_statement_knows_the_line_of_its_first_real_character()
    {
        const string script = "-- header\n\nSELECT 1;\n\n-- note\nSELECT\n  2;\n";

        var statements = SqlScriptSplitter.Split(script);

        statements.Select(statement => statement.FirstLine).Should().Equal(3, 6);
        script[statements[1].Offset..].Should().StartWith("\n\n-- note\nSELECT");
    }

    [Fact]
    public void A_script_of_only_comments_and_blanks_has_no_statements()
    {
        SqlScriptSplitter.Split("-- nothing\n /* here */ ;\n\n").Should().BeEmpty();
    }

    [Fact]
    public void LineAt_counts_newlines_before_the_index()
    {
        SqlScriptSplitter.LineAt("a\nb\nc", 4).Should().Be(3);
        SqlScriptSplitter.LineAt("a\nb\nc", 0).Should().Be(1);
    }
}
