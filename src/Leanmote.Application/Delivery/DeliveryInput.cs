using System.Globalization;
using System.Text.RegularExpressions;
using Leanmote.Domain.Common;

namespace Leanmote.Application.Delivery;

/// <summary>The vocabulary and the parsing rules shared by the Delivery writes (rest-api.md §7, metrics.md §8.3).</summary>
public static partial class DeliveryInput
{
    public static readonly string[] DeploymentStatuses = ["success", "failure", "cancelled", "in_progress"];
    public static readonly string[] ChangeTypes = ["normal", "rollback", "hotfix"];
    public static readonly string[] IncidentStatuses = ["open", "resolved"];

    public const string DefaultSource = "api";
    public const string DefaultChangeType = "normal";
    public const int MaxLinkedPullRequests = 1000;

    /// <summary>Reported instants may run this far ahead of the server's clock.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public const string InstantMessage = "must be an ISO-8601 timestamp with a time zone, e.g. 2026-02-01T08:00:00Z";

    /// <summary>An ISO-8601 instant with a <c>T</c> and an explicit zone (<c>Z</c> or <c>±hh:mm</c>).</summary>
    public static bool TryParseInstant(string? value, out DateTimeOffset instant)
    {
        instant = default;
        if (value is not { Length: >= 20 and <= 40 } || !value.Contains('T', StringComparison.Ordinal)) return false;
        if (!(value.EndsWith('Z') || value[^6] is '+' or '-')) return false;
        if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out instant)) return false;
        instant = instant.ToUniversalTime();
        return true;
    }

    public static DateTimeOffset? Instant(string? value) => TryParseInstant(value, out var at) ? at : null;

    public static bool IsInstantOrNull(string? value) => value is null || TryParseInstant(value, out _);

    /// <summary>Free text of at most <paramref name="max"/> characters with no control characters and not blank.</summary>
    public static bool IsText(string? value, int max) =>
        value is not null && value.Length <= max && !string.IsNullOrWhiteSpace(value) && !value.Any(char.IsControl);

    public static bool IsSource(string? value) => value is not null && SourcePattern().IsMatch(value);

    public static bool IsCommitSha(string? value) => value is not null && ShaPattern().IsMatch(value);

    public static bool IsId<TId>(string? value) where TId : struct, IPublicId<TId> => PublicId.TryParse<TId>(value, out _);

    public static TId? OptionalId<TId>(string? value) where TId : struct, IPublicId<TId> =>
        PublicId.TryParse<TId>(value, out var id) ? id : null;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex SourcePattern();

    [GeneratedRegex("^[0-9a-fA-F]{7,64}$")]
    private static partial Regex ShaPattern();
}
