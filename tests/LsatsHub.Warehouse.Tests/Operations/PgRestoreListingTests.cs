using LsatsHub.Warehouse.Operations;

namespace LsatsHub.Warehouse.Tests.Operations;

public sealed class PgRestoreListingTests
{
    [Fact]
    public void The_listing_counts_entries_table_data_silver_and_bronze_tables_and_names_the_source_database_and_relations()
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

        contents.Should().BeEquivalentTo(new DumpContents("lsats_db", 4, 3, 2) { BronzeTableCount = 1, Relations = [new QualifiedName("silver", "users")] });
    }

    [Fact]
    public void A_whole_database_dump_creates_schemas_and_only_creating_entries_name_relations()
    {
        const string listing = """
            ;     dbname: lsats_db
            7; 2615 16386 SCHEMA - bronze lsats_user
            8; 2615 16387 SCHEMA - silver lsats_user
            215; 1259 16390 TABLE silver users lsats_user
            4000; 0 0 COMMENT silver TABLE users lsats_user
            216; 1259 16395 VIEW silver v_lab_summary lsats_user
            217; 1259 16396 MATERIALIZED VIEW gold lab_counts lsats_user
            218; 1259 16397 SEQUENCE meta table_change_seq lsats_user
            4020; 0 0 SEQUENCE SET meta table_change_seq lsats_user
            4021; 0 0 SEQUENCE OWNED BY meta daemon_polls_poll_id_seq lsats_user
            4012; 0 16390 TABLE DATA silver users lsats_user
            4030; 2606 16500 FK CONSTRAINT silver labs labs_pi_uniqname_fkey lsats_user
            4031; 0 0 ACL silver TABLE users lsats_user
            """;

        var contents = PgRestoreTool.Parse(listing);

        contents.CreatesSchemas.Should().BeTrue();
        contents.Relations.Select(relation => relation.ToString()).Should().Equal("silver.users", "silver.v_lab_summary", "gold.lab_counts", "meta.table_change_seq");
    }
}
