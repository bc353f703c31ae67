using System.Text;
using LsatsHub.Simulator.Ldap;
using LsatsHub.Simulator.Sheets;
using LsatsHub.Simulator.Tdx;
using LsatsHub.Simulator.UmApi;
using LsatsHub.Simulator.World;

namespace LsatsHub.Simulator.Cli;

/// <summary>The .env that points lsats-run at the simulators, with the seed's own variable names (docs/configuration.md).</summary>
public static class EnvFile
{
    /// <summary>The .env text; AD's port is <paramref name="adProxy"/>'s LDAPS port when given (AD's range retrieval), else slapd's own.</summary>
    public static string Render(TdxSimulator tdx, UmApiSimulator umapi, SlapdServer? ldap, string dataFolder, string databaseUrl, SheetsEnvironment? sheets = null, AdRangeProxy? adProxy = null)
    {
        var lines = new List<(string Key, string Value)>
        {
            ("DATABASE_URL", databaseUrl),
            ("TDX_BASE_URL", tdx.SandboxBaseUrl),
            ("TDX_APP_ID", "48"),
            ("TDX_BEID", tdx.Credentials.Beid),
            ("TDX_WEB_SERVICES_KEY", tdx.Credentials.WebServicesKey),
            ("TDX_USERNAME", tdx.Credentials.UserName),
            ("TDX_PASSWORD", tdx.Credentials.Password),
            ("DAEMON_REPORT_ID", "1344"),
            ("UM_BASE_URL", umapi.BaseUrl),
            ("UM_CATEGORY_ID", umapi.CategoryId),
            ("UM_CLIENT_KEY", umapi.Credentials.ClientId),
            ("UM_CLIENT_SECRET", umapi.Credentials.ClientSecret),
            ("UM_OAUTH_TOKEN_URL", umapi.TokenUrl),
            ("LSATS_DATA_FOLDER", dataFolder),
        };
        if (sheets is not null)
        {
            lines.AddRange(
            [
                ("GOOGLE_SHEETS_BASE_URL", sheets.Simulator.Address.ToString()),
                ("CREDENTIALS_FILE", sheets.ServiceAccountKeyFile),
                ("SPREADSHEET_ID", sheets.Compliance.Spreadsheet.Id),
                ("SHEET_NAME", sheets.Compliance.Tab),
            ]);
        }

        if (ldap is not null)
        {
            lines.AddRange(
            [
                ("AD_SERVER", "127.0.0.1"),
                ("AD_PORT", (adProxy?.TlsPort ?? ldap.TlsPort).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("AD_SEARCH_BASE", AdLayout.Umich),
                ("AD_USER", ldap.Accounts.AdBindDn),
                ("AD_PASSWORD", ldap.Accounts.AdPassword),
                ("MCOMMUNITY_LDAP_SERVER", "127.0.0.1"),
                ("MCOMMUNITY_LDAP_PORT", ldap.McommunityTlsPort.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("MCOMMUNITY_LDAP_BASE", AdLayout.McommunityBase),
                ("MCOMMUNITY_LDAP_USER", ldap.Accounts.McommunityBindDn),
                ("MCOMMUNITY_LDAP_PASSWORD", ldap.Accounts.McommunityPassword),
                ("MCOMMUNITY_LDAP_USE_SSL", "true"),
                ("MCOMMUNITY_LDAP_TIMEOUT", "90"),
                ("LDAPTLS_CACERT", ldap.CaCertificate),
                ("LSATS_LDAP_CA_DIR", ldap.CaDirectory),
            ]);
        }

        var text = new StringBuilder("# Written by lsats-sim serve: every source is a local simulator (synthetic data, not secrets).\n");
        foreach (var (key, value) in lines)
        {
            text.Append(key).Append("=\"").Append(value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\"\n");
        }

        return text.ToString();
    }
}
