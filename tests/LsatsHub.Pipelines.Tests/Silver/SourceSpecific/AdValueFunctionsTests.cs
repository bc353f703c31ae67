using Dapper;
using LsatsHub.Pipelines.Tests.Support;

namespace LsatsHub.Pipelines.Tests.Silver.SourceSpecific;

/// <summary>
/// The silver.ad_* SQL functions (sql/production_schema.sql) on forms the simulated directory does not produce: escaped
/// commas in DNs, the wire forms of AD times, AD's "never" sentinels, Booleans in any case, one value or several.
/// </summary>
[Collection(SilverCollection.Name)]
public sealed class AdValueFunctionsTests(SilverTestBed bed)
{
    [Theory]
    [InlineData(@"CN=Smith\, Jo,OU=Big\, Lab,OU=Chemistry,DC=adsroot,DC=edu", false, "Big, Lab|Chemistry")]
    [InlineData(@"OU=Big\, Lab,OU=Chemistry,DC=adsroot,DC=edu", true, "Big, Lab|Chemistry")]
    [InlineData("cn=lower,ou=People,ou=UMICH,dc=adsroot,dc=edu", false, "People|UMICH")]
    [InlineData(@"CN=a\\,OU=Back\\slash,DC=x", false, @"Back\slash")]
    public async Task A_DN_is_split_on_unescaped_commas_into_its_OU_names_leaf_first(string dn, bool includeLeaf, string expected)
    {
        var ous = await ScalarAsync<string[]>("SELECT silver.ad_dn_ous(@dn, @includeLeaf)", new { dn, includeLeaf });

        string.Join('|', ous!).Should().Be(expected);
    }

    [Fact]
    public async Task The_RDN_value_and_the_parent_DN_honour_escaped_commas()
    {
        const string dn = @"CN=Smith\, Jo,OU=People,DC=x";

        (await ScalarAsync<string>("SELECT silver.ad_rdn_value((silver.ad_dn_rdns(@dn))[1])", new { dn })).Should().Be("Smith, Jo");
        (await ScalarAsync<string>("SELECT silver.ad_dn_parent(@dn)", new { dn })).Should().Be("OU=People,DC=x");
    }

    [Theory]
    [InlineData("2025-02-17T09:30:00+00:00", "2025-02-17T09:30:00.000000")]
    [InlineData("2024-11-02T13:45:10.123456+00:00", "2024-11-02T13:45:10.123456")]
    [InlineData("2025-02-17T10:30:00+01:00", "2025-02-17T09:30:00.000000")]
    [InlineData("20250217093000.0Z", "2025-02-17T09:30:00.000000")]
    [InlineData("20240229235959.5Z", "2024-02-29T23:59:59.500000")]
    [InlineData("133874208000000000", "2025-03-26T00:00:00.000000")]
    [InlineData("2025-02-30T00:00:00+00:00", null)]
    [InlineData("2025-02-17T09:30:00+99:99", null)]
    [InlineData("2025-02-17T09:30:00-16:00", null)]
    [InlineData("2025-02-17 09:30:00+1630", null)]
    [InlineData("2025-02-17T23:30:00-15:30", "2025-02-18T15:00:00.000000")]
    [InlineData("20250230000000.0Z", null)]
    [InlineData("yesterday", null)]
    [InlineData("", null)]
    public async Task An_AD_time_is_read_in_its_ISO_GeneralizedTime_and_FILETIME_forms_and_anything_else_is_null(string value, string? expected)
    {
        var text = await ScalarAsync<string?>(
            "SELECT to_char(silver.ad_time(@value) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US')", new { value });

        text.Should().Be(expected);
    }

    [Theory]
    [InlineData("1601-01-01T00:00:00+00:00", null)]
    [InlineData("9999-12-31T23:59:59.999999+00:00", null)]
    [InlineData("0", null)]
    [InlineData("9223372036854775807", null)]
    [InlineData(" 2020-01-01T00:00:00+00:00 ", "2020-01-01T00:00:00+00:00")]
    public async Task AD_never_sentinels_become_null_before_a_time_is_parsed(string value, string? expected)
    {
        (await ScalarAsync<string?>("SELECT silver.ad_time_text(@value)", new { value })).Should().Be(expected);
    }

    [Theory]
    [InlineData("TRUE", true)]
    [InlineData("false", false)]
    [InlineData("maybe", null)]
    public async Task An_LDAP_boolean_is_TRUE_or_FALSE_in_any_case(string value, bool? expected)
    {
        (await ScalarAsync<bool?>("SELECT silver.ad_bool(@value)", new { value })).Should().Be(expected);
    }

    [Theory]
    [InlineData("\"one\"", "[\"one\"]", "one")]
    [InlineData("[\"a\", \"b\"]", "[\"a\", \"b\"]", "a; b")]
    [InlineData("\"\"", null, null)]
    [InlineData("[]", null, null)]
    public async Task One_value_or_several_become_a_list_or_one_text(string json, string? list, string? text)
    {
        (await ScalarAsync<string?>("SELECT silver.ad_values(@json::jsonb)::text", new { json })).Should().Be(list);
        (await ScalarAsync<string?>("SELECT silver.ad_text(@json::jsonb)", new { json })).Should().Be(text);
    }

    [Theory]
    [InlineData("-2147483646", -2147483646L)]
    [InlineData("2147483648", null)]
    [InlineData("12x", null)]
    public async Task An_AD_integer_outside_the_column_range_or_not_an_integer_is_null(string value, long? expected)
    {
        (await ScalarAsync<int?>("SELECT silver.ad_int(@value)", new { value })).Should().Be(expected is null ? null : (int)expected);
    }

    private async Task<T?> ScalarAsync<T>(string sql, object parameters)
    {
        await using var connection = await bed.Database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<T>(sql, parameters);
    }
}
