using LsatsHub.Warehouse.Operations;

namespace LsatsHub.Warehouse.Tests.Operations;

public sealed class PgRestoreListingTests
{
    [Fact]
    public void The_listing_counts_entries_table_data_and_silver_tables_and_names_the_source_database()
    {
        const string listing = """
            ;
            ; Archive created at 2026-11-25 01:00:02 UTC
            ;     dbname: lsats_db
            ;     TOC Entries: 4
            ;     Format: CUSTOM
            ;
            ; Selected TOC Entries:
            ;
            215; 1259 16390 TABLE silver users lsats_user
            4012; 0 16390 TABLE DATA silver users lsats_user
            4013; 0 16400 TABLE DATA bronze raw_entities lsats_user
            4014; 0 16410 TABLE DATA silver labs lsats_user
            """;

        var contents = PgRestoreTool.Parse(listing);

        contents.Should().Be(new DumpContents("lsats_db", 4, 3, 2));
    }
}
