using Leanmote.Application.Access;
using Npgsql;

namespace Leanmote.Api.Hosting;

/// <summary>Reads the settings every host command shares: the database and the token salt.</summary>
public static class HostSettings
{
    public const string DevelopmentSalt = "leanmote-development-salt-do-not-use-in-production";

    /// <summary>
    /// <c>LEANMOTE_DATABASE_URL</c> (an Npgsql connection string, or a <c>postgres://</c> URL) wins over
    /// <c>ConnectionStrings:Leanmote</c>.
    /// </summary>
    public static string ConnectionString(IConfiguration configuration)
    {
        var raw = configuration["LEANMOTE_DATABASE_URL"] is { Length: > 0 } url ? url : configuration.GetConnectionString("Leanmote");
        if (string.IsNullOrWhiteSpace(raw))
        {
            throw new MisconfigurationException(
                "No database is configured: set LEANMOTE_DATABASE_URL or ConnectionStrings__Leanmote (./build.sh run starts a local PostgreSQL for you)");
        }
        return raw.StartsWith("postgres://", StringComparison.Ordinal) || raw.StartsWith("postgresql://", StringComparison.Ordinal)
            ? FromUrl(raw)
            : new NpgsqlConnectionStringBuilder(raw).ConnectionString;
    }

    internal static string FromUrl(string url)
    {
        var uri = new Uri(url);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
        };
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2) builder.Password = Uri.UnescapeDataString(parts[1]);
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = pair.Split('=', 2) is [var k, var v] ? (Unescape(k), Unescape(v)) : (Unescape(pair), "");
            SetOption(builder, key, value);
        }
        return builder.ConnectionString;
    }

    private static string Unescape(string part) => Uri.UnescapeDataString(part.Replace('+', ' '));

    /// <summary>The libpq parameter names a <c>postgres://</c> URL carries, as Npgsql keywords (ADR 0054).</summary>
    private static readonly Dictionary<string, string> LibpqNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sslmode"] = "SSL Mode",
        ["sslrootcert"] = "Root Certificate",
        ["sslcert"] = "SSL Certificate",
        ["sslkey"] = "SSL Key",
        ["sslpassword"] = "SSL Password",
        ["connect_timeout"] = "Timeout",
        ["application_name"] = "Application Name",
        ["target_session_attrs"] = "Target Session Attributes",
        ["options"] = "Options",
        ["keepalives_idle"] = "Keepalive",
        ["channel_binding"] = "Channel Binding",
        ["gssencmode"] = "GSS Encryption Mode",
    };

    /// <summary>libpq's sslmode spellings, as Npgsql's <see cref="SslMode"/> names.</summary>
    private static readonly Dictionary<string, string> SslModes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["disable"] = "Disable", ["allow"] = "Allow", ["prefer"] = "Prefer", ["require"] = "Require",
        ["verify-ca"] = "VerifyCA", ["verify-full"] = "VerifyFull",
    };

    /// <summary>Every option is kept; one Npgsql does not know, or a value it cannot take, stops start-up naming it.</summary>
    private static void SetOption(NpgsqlConnectionStringBuilder builder, string key, string value)
    {
        var keyword = LibpqNames.GetValueOrDefault(key, key);
        if (keyword == "SSL Mode" && SslModes.TryGetValue(value, out var mode)) value = mode;
        try
        {
            builder[keyword] = value;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            // the value is not echoed: it may be a password
            throw new MisconfigurationException($"The database URL option '{key}' is unknown or has an invalid value");
        }
    }

    /// <summary>Binds <c>Leanmote:Access</c>; <c>LEANMOTE_TOKEN_SALT</c> overrides the salt. Production refuses to run without one.</summary>
    public static void ConfigureAccess(AccessOptions options, IConfiguration configuration, IHostEnvironment environment)
    {
        configuration.GetSection("Leanmote:Access").Bind(options);
        if (configuration["LEANMOTE_TOKEN_SALT"] is { Length: > 0 } salt) options.TokenSalt = salt;
        if (string.IsNullOrEmpty(options.TokenSalt))
        {
            if (environment.IsProduction())
            {
                throw new MisconfigurationException(
                    "No token salt is configured: set LEANMOTE_TOKEN_SALT (or Leanmote:Access:TokenSalt); Production refuses to start without one");
            }
            options.TokenSalt = DevelopmentSalt;
        }
    }
}

/// <summary>The host cannot run with the configuration it was given; the message says what to set.</summary>
public sealed class MisconfigurationException(string message) : InvalidOperationException(message);
