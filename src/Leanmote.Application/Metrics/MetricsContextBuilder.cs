using Leanmote.Application.Metrics.Dora;
using Leanmote.Application.Metrics.Engine;
using Leanmote.Application.Metrics.Settings;

namespace Leanmote.Application.Metrics;

public sealed record ContextOrganization(string Id, string Name, string Timezone, string Currency);

public sealed record ContextCaller(string UserId, string Role);

public sealed record ContextWindow(DateOnly StartDate, DateOnly EndDate, int Days, DateOnly? PreviousStartDate, DateOnly? PreviousEndDate,
    DateTimeOffset AsOf, string Granularity, string Timezone);

public sealed record ContextTeam(string Id, string Name, IReadOnlyList<string> MemberIds);

public sealed record ContextUser(string Id, string Name, string Email, IReadOnlyList<string> TeamIds);

public sealed record ContextRepository(string Id, string FullName, string? TeamId);

public sealed record ContextBoard(string Id, string Key, string Name, string? TeamId);

public sealed record ContextScope(
    bool OpenScope,
    IReadOnlyList<ContextTeam> Teams,
    IReadOnlyList<ContextUser> Users,
    bool UsersTruncated,
    IReadOnlyList<ContextRepository> Repositories,
    bool RepositoriesTruncated,
    IReadOnlyList<ContextBoard> Boards,
    bool BoardsTruncated);

/// <summary>One source feeding the metrics: in-scope rows anchored in the window, and when its apps last synced.</summary>
public sealed record ContextSource(string Source, long RowsInWindow, DateTimeOffset? LastSyncedAt);

/// <summary>The context payload (shape C, metrics.md §7.2): exactly what the other routes cover for the same parameters.</summary>
public sealed record MetricsContextView(
    ContextOrganization Organization,
    ContextCaller Caller,
    ContextWindow Window,
    ContextScope Scope,
    IReadOnlyDictionary<string, System.Text.Json.JsonElement> Settings,
    IReadOnlyList<ContextSource> Sources);

/// <summary>Counts the rows of each source in scope and in the window (one round trip).</summary>
public interface IMetricContextReader
{
    Task<IReadOnlyList<ContextSource>> ReadSourcesAsync(SourceQuery query, long[]? boardIds, DateTimeOffset windowStart, DateTimeOffset windowEnd, CancellationToken ct);
}

public static class MetricsContextBuilder
{
    public const int MaxListed = 1000;

    public static async Task<MetricsContextView> BuildAsync(MetricRequestRunner runner, MetricContext context, CancellationToken ct)
    {
        var scope = context.Scope;
        var roster = scope.Roster;
        var w = context.Window;
        var previous = context.Parameters.PreviousWindow;
        var caller = runner.Request.RequireCaller();

        var teams = scope.TeamIds is { } filter ? roster.Teams.Where(t => filter.Contains(t.Id)) : roster.Teams;
        var people = scope.People.Select(id => scope.Member(id)!).ToList();
        var repositories = scope.RepositoryIds is { } r ? roster.Repositories.Where(x => r.Contains(x.Id)).ToList() : [.. roster.Repositories];
        var boards = scope.BoardIds is { } b ? roster.Boards.Where(x => b.Contains(x.Id)).ToList() : [.. roster.Boards];
        var sources = await context.SourceAsync("context_sources",
            t => context.Sources.ReadSourcesAsync(SourceQuery.For(context), scope.BoardIds, w.StartInstant, w.EndInstant, t), ct);

        return new MetricsContextView(
            new ContextOrganization("org_" + roster.OrganizationId, roster.Name, roster.Timezone, context.Settings.Currency),
            new ContextCaller("usr_" + caller.UserId.Value, runner.Role.ToString().ToLowerInvariant()),
            new ContextWindow(w.Start, w.End, w.Days, previous?.Start, previous?.End, w.AsOf, w.Granularity.ToString().ToLowerInvariant(), "UTC"),
            new ContextScope(
                scope.Open,
                [.. teams.OrderBy(t => t.Id).Select(t => new ContextTeam("team_" + t.Id, t.Name, [.. t.MemberIds.Order().Select(m => "usr_" + m)]))],
                [.. people.Take(MaxListed).Select(m => new ContextUser("usr_" + m.UserId, m.Name, m.Email, [.. scope.TeamsOf(m.UserId).Select(t => "team_" + t)]))],
                people.Count > MaxListed,
                [.. repositories.Take(MaxListed).Select(x => new ContextRepository("repo_" + x.Id, x.FullName, x.TeamId is { } t ? "team_" + t : null))],
                repositories.Count > MaxListed,
                [.. boards.Take(MaxListed).Select(x => new ContextBoard("board_" + x.Id, x.Key, x.Name, x.TeamId is { } t ? "team_" + t : null))],
                boards.Count > MaxListed),
            MetricSettingsView.Values(context.Settings),
            sources);
    }
}
