using System.Globalization;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Domain.Common;

namespace Leanmote.Application.Metrics.Engine;

/// <summary>
/// Applies every rule of metrics.md §2.1–§2.3 to a request's raw arguments, before any SQL: all problems are
/// reported at once, each with the contract's message.
/// </summary>
public static class MetricParametersParser
{
    public const int MaxIds = 100;
    public const int MaxWindowDays = 366;
    private static readonly DateOnly Earliest = new(2000, 1, 1);
    private static readonly DateOnly Latest = new(2100, 12, 31);

    private static readonly string[] Common =
        ["organization_id", "team_ids", "user_ids", "repository_ids", "board_ids", "start_date", "end_date", "granularity", "timezone", "compare", "breakdown"];
    private static readonly string[] EvidenceKeys = ["include", "evidence_page", "evidence_per_page"];
    private static readonly string[] ListKeys = ["page", "per_page", "sort", "order"];

    /// <summary>The families of the full payload that exist today, in payload order (metrics.md §7.1).</summary>
    public static IReadOnlyList<string> Families => [.. MetricCatalog.PayloadFamilies.Keys];

    public static Result<MetricParameters> Parse(MetricRouteSpec route, MetricArguments arguments, DateTimeOffset now, bool isPost, QueryParameters? postQuery = null)
    {
        var details = new List<ErrorDetail>();
        if (arguments.BodyError is not null) details.Add(new("body", arguments.BodyError));
        if (isPost && postQuery is { Entries.Count: > 0 }) details.Add(new(postQuery.Entries[0].Key, "parameters of a POST go in the JSON body"));

        var allowed = new HashSet<string>(Common, StringComparer.Ordinal);
        if (route.TakesEvidence) allowed.UnionWith(EvidenceKeys);
        if (route.Shape == MetricShape.List) allowed.UnionWith(ListKeys);
        if (route.Shape == MetricShape.Payload) allowed.Add("families");

        var values = new Dictionary<string, MetricArgument>(StringComparer.Ordinal);
        foreach (var (key, occurrences) in arguments.Entries)
        {
            if (!allowed.Contains(key)) details.Add(new(key, "unknown parameter"));
            else if (occurrences.Count > 1) details.Add(new(key, "must be given at most once"));
            else if (occurrences[0].TypeError is { } typeError) details.Add(new(key, typeError));
            else values[key] = occurrences[0];
        }

        var teams = Ids<TeamId>("team_ids", values, arguments.IsBody, details);
        var users = Ids<UserId>("user_ids", values, arguments.IsBody, details);
        var repositories = Ids<RepositoryId>("repository_ids", values, arguments.IsBody, details);
        var boards = Ids<BoardId>("board_ids", values, arguments.IsBody, details);

        var start = Date("start_date", values, details, out var startGiven);
        var end = Date("end_date", values, details, out var endGiven);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (!startGiven && !endGiven) (start, end) = (today.AddDays(-29), today);
        else if (startGiven && !endGiven && start is { } s) end = s.AddDays(29) is var e && e > Latest ? Latest : e;
        else if (!startGiven && endGiven && end is { } e2) start = e2.AddDays(-29) is var b && b < Earliest ? Earliest : b;
        if (start is { } from && end is { } to)
        {
            if (from > to) details.Add(new("start_date", "start_date must not be after end_date"));
            else if (to.DayNumber - from.DayNumber + 1 > MaxWindowDays) details.Add(new("end_date", "the window may span at most 366 days"));
        }

        var granularity = OneOf("granularity", values, details, Granularity.Week,
            ("day", Granularity.Day), ("week", Granularity.Week), ("month", Granularity.Month));
        if (Text("timezone", values, details) is { } zone && !zone.Equals("UTC", StringComparison.OrdinalIgnoreCase))
            details.Add(new("timezone", "only UTC is supported"));
        var compare = OneOf("compare", values, details, true, ("previous_period", true), ("none", false));
        var breakdown = ParseBreakdown(route, values, details);

        var evidence = false;
        if (Text("include", values, details) is { } include)
        {
            if (include == "evidence") evidence = true;
            else details.Add(new("include", "must be one of: evidence"));
        }
        var evidencePage = Int("evidence_page", values, details, 1, QueryOptions.MaxPage) ?? 1;
        var evidencePerPage = Int("evidence_per_page", values, details, 1, MetricParameters.MaxEvidencePerPage) ?? MetricParameters.DefaultEvidencePerPage;

        var page = Int("page", values, details, 1, QueryOptions.MaxPage) ?? 1;
        var perPage = Int("per_page", values, details, 1, QueryOptions.MaxPerPage) ?? QueryOptions.DefaultPerPage;
        var sort = route.DefaultSort;
        if (Text("sort", values, details) is { } sortValue)
        {
            if (route.Sorts.Contains(sortValue, StringComparer.Ordinal)) sort = sortValue;
            else details.Add(new("sort", $"must be one of: {string.Join(", ", route.Sorts)}"));
        }
        var order = OneOf("order", values, details, route.DefaultOrder, ("asc", SortOrder.Asc), ("desc", SortOrder.Desc));

        IReadOnlyList<string> families = Families;
        if (List("families", values, arguments.IsBody, details) is { } requested)
        {
            var unknown = requested.Where(f => !Families.Contains(f, StringComparer.Ordinal)).ToList();
            if (unknown.Count > 0) details.Add(new("families", $"must be one of: {string.Join(", ", Families)}"));
            else families = [.. Families.Where(requested.Contains)];
        }

        if (details.Count > 0) return Invalid(details);
        var window = MetricWindow.Of(start!.Value, end!.Value, now, granularity);
        return new MetricParameters(teams, users, repositories, boards, window, compare, breakdown, evidence, evidencePage,
            evidencePerPage, page, perPage, sort, order, families);
    }

    /// <summary>
    /// A validation error whose message is the first problem as the contract spells it: the detail message alone
    /// when it already names its field (<c>start_date must not be after end_date</c>), else "field message".
    /// </summary>
    public static Error Invalid(IReadOnlyList<ErrorDetail> details)
    {
        var first = details[0];
        var message = first.Message.StartsWith(first.Field + " ", StringComparison.Ordinal) ? first.Message : $"{first.Field} {first.Message}";
        return new Error(ErrorCode.Validation, message, details);
    }

    private static Breakdown ParseBreakdown(MetricRouteSpec route, Dictionary<string, MetricArgument> values, List<ErrorDetail> details)
    {
        if (Text("breakdown", values, details) is not { } raw) return Breakdown.None;
        var parsed = raw switch
        {
            "none" => Breakdown.None,
            "team" => Breakdown.Team,
            "member" => Breakdown.Member,
            "team,member" or "member,team" => Breakdown.Team | Breakdown.Member,
            _ => (Breakdown?)null,
        };
        if (parsed is null)
        {
            details.Add(new("breakdown", "must be one of: none, team, member, team,member"));
            return Breakdown.None;
        }
        if ((parsed.Value & ~route.Breakdowns) != 0)
        {
            var supported = new List<string> { "none" };
            if (route.Breakdowns.HasFlag(Breakdown.Team)) supported.Add("team");
            if (route.Breakdowns.HasFlag(Breakdown.Member)) supported.Add("member");
            if (route.Breakdowns == (Breakdown.Team | Breakdown.Member)) supported.Add("team,member");
            details.Add(new("breakdown", $"must be one of: {string.Join(", ", supported)}"));
            return Breakdown.None;
        }
        return parsed.Value;
    }

    private static IReadOnlyList<long> Ids<TId>(string key, Dictionary<string, MetricArgument> values, bool fromBody, List<ErrorDetail> details)
        where TId : struct, IPublicId<TId>
    {
        if (List(key, values, fromBody, details) is not { } raw) return [];
        var ids = new List<long>();
        foreach (var element in raw)
        {
            if (!PublicId.TryParse<TId>(element, out var id))
            {
                details.Add(new(key, $"must be ids like {TId.Prefix}_123"));
                return [];
            }
            if (!ids.Contains(id.Value)) ids.Add(id.Value);
        }
        if (ids.Count > MaxIds)
        {
            details.Add(new(key, $"at most {MaxIds} ids"));
            return [];
        }
        return ids;
    }

    /// <summary>A comma list (query) or an array of strings (body); empty values and empty elements are refused.</summary>
    private static IReadOnlyList<string>? List(string key, Dictionary<string, MetricArgument> values, bool fromBody, List<ErrorDetail> details)
    {
        if (!values.TryGetValue(key, out var value)) return null;
        IReadOnlyList<string> elements;
        if (fromBody)
        {
            if (value.List is null)
            {
                details.Add(new(key, "must be an array of strings"));
                return null;
            }
            elements = value.List;
        }
        else
        {
            elements = (value.Text ?? "").Split(',');
        }
        if (elements.Count == 0 || elements.Any(e => e.Trim().Length == 0))
        {
            details.Add(new(key, "must not be empty"));
            return null;
        }
        return [.. elements.Select(e => e.Trim())];
    }

    private static string? Text(string key, Dictionary<string, MetricArgument> values, List<ErrorDetail> details)
    {
        if (!values.TryGetValue(key, out var value)) return null;
        if (value.Text is null)
        {
            details.Add(new(key, "must be a string"));
            return null;
        }
        if (value.Text.Length == 0)
        {
            details.Add(new(key, "must not be empty"));
            return null;
        }
        return value.Text;
    }

    private static DateOnly? Date(string key, Dictionary<string, MetricArgument> values, List<ErrorDetail> details, out bool given)
    {
        given = values.ContainsKey(key);
        if (Text(key, values, details) is not { } text)
        {
            return null;
        }
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            details.Add(new(key, "must be a date YYYY-MM-DD"));
            return null;
        }
        if (day < Earliest || day > Latest)
        {
            details.Add(new(key, "out of range"));
            return null;
        }
        return day;
    }

    private static T OneOf<T>(string key, Dictionary<string, MetricArgument> values, List<ErrorDetail> details, T fallback, params (string Name, T Value)[] options)
    {
        if (Text(key, values, details) is not { } text) return fallback;
        foreach (var (name, value) in options)
        {
            if (name == text) return value;
        }
        details.Add(new(key, $"must be one of: {string.Join(", ", options.Select(o => o.Name))}"));
        return fallback;
    }

    private static int? Int(string key, Dictionary<string, MetricArgument> values, List<ErrorDetail> details, int min, int max)
    {
        if (Text(key, values, details) is not { } text) return null;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
        {
            details.Add(new(key, string.Create(CultureInfo.InvariantCulture, $"must be between {min} and {max}")));
            return null;
        }
        return n;
    }
}
