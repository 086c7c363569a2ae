using System.Globalization;
using FluentValidation;

namespace Leanmote.Application.Common.Validation;

/// <summary>
/// The optional <c>expires_at</c> of every credential a caller can mint (API credentials, SCIM tokens, ingest
/// tokens): an ISO-8601 instant with an explicit offset, in the future.
/// </summary>
public static class TokenExpiry
{
    public static bool TryParse(string? value, out DateTimeOffset instant)
    {
        instant = default;
        return value is { Length: >= 20 and <= 40 } && value.Contains('T', StringComparison.Ordinal)
            && (value.EndsWith('Z') || value[^6] is '+' or '-')
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out instant);
    }

    /// <summary>The parsed instant in UTC, or null when absent (validation has already refused anything else).</summary>
    public static DateTimeOffset? Parse(string? value) => TryParse(value, out var at) ? at.ToUniversalTime() : null;

    public static IRuleBuilderOptions<T, string?> MustBeAFutureInstant<T>(this IRuleBuilderInitial<T, string?> rule, TimeProvider clock) =>
        rule.Cascade(CascadeMode.Stop)
            .Must(value => TryParse(value, out _))
            .WithMessage("must be an ISO-8601 timestamp with a time zone, e.g. 2027-01-31T00:00:00Z")
            .Must(value => TryParse(value, out var at) && at > clock.GetUtcNow())
            .WithMessage("must be in the future");
}
