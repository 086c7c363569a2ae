using System.Text.Json;
using System.Text.RegularExpressions;
using FluentValidation;
using FluentValidation.Results;
using Leanmote.Application.Common;
using Leanmote.Application.Common.Idempotency;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Access;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Metrics.Settings;

/// <summary>
/// <c>PATCH /v1/organizations/{organization_id}/metric-settings</c> (metrics.md §9.1): admins. A JSON merge patch
/// (RFC 7396) of <c>{ "&lt;key&gt;": value }</c>: an absent key is left alone, <c>null</c> resets it to its default.
/// Every key and value is checked against the §9 table and every problem is reported at once; the answer is the
/// new full view. Each change is audited in the same transaction.
/// </summary>
public static class UpdateMetricSettings
{
    /// <summary>The longest <c>dora.failure_pr_pattern</c> accepted (its automaton is built on every metrics request).</summary>
    public const int MaxPatternLength = 500;

    /// <summary>The most entries of a string-array setting, and the longest entry.</summary>
    public const int MaxListEntries = 50;
    public const int MaxEntryLength = 100;

    /// <summary><see cref="Body"/> is the raw request body: the validator judges its shape as well as every member.</summary>
    public sealed record Command(string OrganizationId, JsonElement Body, QueryParameters Parameters, string? IdempotencyKey = null)
        : ICommand<Result<MetricSettingsView>>, IAuthorizedRequest, IHasQueryOptions<Command>, IIdempotentCommand
    {
        public static QuerySpec Spec => QuerySpec.None;
        public AccessRequirement Access => AccessRequirement.MemberOfOwner(ResourceKind.Organization, OrganizationId, OrganizationRole.Admin);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Command WithOptions(QueryOptions options) => this with { Options = options };
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Body).Custom((body, context) =>
            {
                if (body.ValueKind != JsonValueKind.Object)
                {
                    context.AddFailure(new ValidationFailure("body", "must be a JSON object of setting keys and values"));
                    return;
                }
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var member in body.EnumerateObject())
                {
                    var problem = !seen.Add(member.Name) ? "appears more than once" : Problem(member.Name, member.Value);
                    if (problem is not null) context.AddFailure(new ValidationFailure(member.Name, problem));
                }
                if (Text(body, MetricSettingKeys.WorkHoursStart) is { } start && Text(body, MetricSettingKeys.WorkHoursEnd) is { } end
                    && IsTime(start) && IsTime(end) && string.CompareOrdinal(start, end) >= 0)
                {
                    context.AddFailure(new ValidationFailure(MetricSettingKeys.WorkHoursStart, "must be before work_hours.end"));
                    context.AddFailure(new ValidationFailure(MetricSettingKeys.WorkHoursEnd, "must be after work_hours.start"));
                }
            });
        }

        /// <summary>What is wrong with <paramref name="value"/> for <paramref name="key"/>, or null when it is acceptable (null resets any key).</summary>
        public static string? Problem(string key, JsonElement value)
        {
            if (!MetricSettingKeys.All.Contains(key)) return "is not a metric setting; the settings are " + string.Join(", ", MetricSettingKeys.All);
            if (value.ValueKind == JsonValueKind.Null) return null;
            return key switch
            {
                MetricSettingKeys.DeploymentSource =>
                    Text(value) is MetricSettings.DeploymentsSource or MetricSettings.PullRequestsSource ? null : "must be one of: deployments, pull_requests",
                MetricSettingKeys.ProductionEnvironments or MetricSettingKeys.FlowExcludeTypes => StringListProblem(value),
                MetricSettingKeys.CfrAttributionWindowHours => IntegerProblem(value, 1, 720),
                MetricSettingKeys.FailurePrPattern => PatternProblem(value),
                MetricSettingKeys.LargeMeetingMinAttendees => IntegerProblem(value, 2, 10_000),
                MetricSettingKeys.MeetingMaxDurationHours =>
                    value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var hours) && hours is > 0 and <= 24
                        ? null : "must be a number greater than 0 and at most 24",
                MetricSettingKeys.FocusBlockMinMinutes => IntegerProblem(value, 1, 1440),
                MetricSettingKeys.WorkHoursStart or MetricSettingKeys.WorkHoursEnd =>
                    IsTime(Text(value)) ? null : "must be a time of day HH:MM (UTC, 00:00 to 23:59)",
                MetricSettingKeys.WorkHoursDays => DaysProblem(value),
                MetricSettingKeys.Currency =>
                    Text(value) is { Length: 3 } code && code.All(char.IsAsciiLetterUpper) ? null : "must be an ISO 4217 code of 3 upper-case letters, like USD",
                MetricSettingKeys.DefaultHourlyCost =>
                    value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var cost) && cost >= 0 ? null : "must be a number of at least 0, or null",
                _ => throw new ArgumentOutOfRangeException(nameof(key), key, "a metric setting without a rule"),
            };
        }

        private static string? IntegerProblem(JsonElement value, int min, int max) =>
            value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= min && number <= max
                ? null
                : $"must be an integer from {min} to {max}";

        private static string? StringListProblem(JsonElement value)
        {
            const string Rule = "must be a non-empty array of non-empty strings";
            if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0) return Rule;
            if (value.GetArrayLength() > MaxListEntries) return $"must have at most {MaxListEntries} entries";
            foreach (var entry in value.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(entry.GetString())) return Rule;
                if (entry.GetString()!.Length > MaxEntryLength) return $"must have entries of at most {MaxEntryLength} characters";
            }
            return null;
        }

        private static string? DaysProblem(JsonElement value)
        {
            const string Rule = "must be a non-empty array of distinct ISO weekday numbers (1 = Monday to 7 = Sunday)";
            if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0) return Rule;
            var days = new HashSet<int>();
            foreach (var entry in value.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Number || !entry.TryGetInt32(out var day) || day is < 1 or > 7 || !days.Add(day)) return Rule;
            }
            return null;
        }

        private static string? PatternProblem(JsonElement value)
        {
            if (Text(value) is not { Length: > 0 } pattern) return "must be a non-empty regular expression (.NET syntax)";
            if (pattern.Length > MaxPatternLength) return $"must be at most {MaxPatternLength} characters";
            try
            {
                _ = new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.NonBacktracking);
                return null;
            }
            catch (ArgumentException e)
            {
                return "is not a valid regular expression: " + e.Message;
            }
            catch (NotSupportedException e)
            {
                return "uses a construct the non-backtracking engine does not support: " + e.Message;
            }
        }

        private static bool IsTime(string? text) =>
            text is [>= '0' and <= '2', >= '0' and <= '9', ':', >= '0' and <= '5', >= '0' and <= '9'] && (text[0] < '2' || text[1] <= '3');

        private static string? Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private static string? Text(JsonElement body, string key) => body.TryGetProperty(key, out var value) ? Text(value) : null;
    }

    /// <summary>The patch as changes, in the body's order (the validator already proved every key and value).</summary>
    public static IReadOnlyList<MetricSettingChange> Changes(JsonElement body) =>
        [.. body.EnumerateObject().Select(m => new MetricSettingChange(m.Name, m.Value.ValueKind == JsonValueKind.Null ? null : m.Value.Clone()))];

    internal sealed class Handler(IMetricSettingsStore store, RequestContext request, TimeProvider clock)
        : ICommandHandler<Command, Result<MetricSettingsView>>
    {
        public async ValueTask<Result<MetricSettingsView>> Handle(Command command, CancellationToken cancellationToken) =>
            await store.UpdateAsync(
                PublicId.Parse<OrganizationId>(command.OrganizationId),
                Changes(command.Body),
                request.RequireCaller().UserId,
                clock.GetUtcNow(),
                cancellationToken);
    }
}
