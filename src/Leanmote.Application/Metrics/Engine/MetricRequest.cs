using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Application.Metrics.Settings;
using Leanmote.Domain.Access;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Metrics.Engine;

/// <summary>
/// How a metrics request arrived: its raw arguments (query string of a GET, JSON body of a POST) and, for a POST,
/// its query string (which must be empty, metrics.md §2.2).
/// </summary>
public sealed record MetricInput(MetricArguments Arguments, bool IsPost, QueryParameters PostQuery)
{
    public static MetricInput Get(QueryParameters query) => new(MetricArguments.FromQuery(query), false, QueryParameters.Empty);

    public static MetricInput Post(ReadOnlyMemory<byte> body, QueryParameters query) => new(MetricArguments.FromBody(body), true, query);

    /// <summary>Any member of the organization the request names (or the caller's only one).</summary>
    public AccessRequirement Organization => AccessRequirement.OrganizationParameter(Arguments.First("organization_id"));
}

/// <summary>
/// A metrics request (every route of metrics.md): the route's spec, its input, and — once the
/// <see cref="Behaviours.MetricParametersBehaviour{TMessage,TResponse}"/> ran — its parsed parameters.
/// </summary>
public interface IMetricRequest<TSelf> : IAuthorizedRequest where TSelf : IMetricRequest<TSelf>
{
    MetricRouteSpec Route { get; }
    MetricInput Input { get; }
    MetricParameters? Parameters { get; }
    TSelf WithParameters(MetricParameters parameters);
}

/// <summary>The source reads every definition is built from (Infrastructure implements them with set-based SQL).</summary>
public interface IMetricSources : Dora.IDoraSources, IMetricContextReader, TeamActivity.ITeamActivitySources, Review.IReviewSources;

/// <summary>
/// Builds the per-request <see cref="MetricContext"/> (roster, scope, settings) and the <c>meta</c> of a response —
/// the shared start and end of every metrics handler.
/// </summary>
public sealed class MetricRequestRunner(
    IMetricScopeReader rosters,
    IMetricSettingsReader settings,
    IMetricSources sources,
    RequestContext request,
    TimeProvider clock)
{
    public const string DefinitionsVersion = "1";

    public IMetricSources Sources => sources;

    public RequestContext Request => request;

    /// <summary>The organization authorization settled on (metrics requests are scoped to exactly one).</summary>
    public long OrganizationId => request.Scope[0];

    public OrganizationRole Role => request.RequireCaller().RoleIn(new OrganizationId(OrganizationId)) ?? OrganizationRole.Collaborator;

    /// <summary>Resolves the scope; <paramref name="peoplePrivate"/> narrows U for a collaborator (metrics.md §2.4).</summary>
    public async Task<Result<MetricContext>> StartAsync(MetricParameters parameters, bool peoplePrivate, CancellationToken ct)
    {
        var roster = await rosters.ReadRosterAsync(OrganizationId, ct);
        IReadOnlySet<long>? visible = null;
        if (peoplePrivate && Role == OrganizationRole.Collaborator) visible = Visible(roster, request.RequireCaller().UserId.Value);
        var scope = MetricScope.Resolve(roster, parameters, visible);
        if (!scope.IsSuccess) return scope.Error;
        var effective = await settings.ReadAsync(OrganizationId, ct);
        return new MetricContext(parameters, scope.Value, effective, clock.GetUtcNow())
        {
            Sources = sources,
            Narrowing = peoplePrivate || Role != OrganizationRole.Collaborator ? null : async t => (await StartAsync(parameters, true, t)).Value,
        };
    }

    /// <summary>
    /// The frame of every metrics handler: starts the request's context (a 400 when a filter id is not the
    /// organization's) and computes the document over it.
    /// </summary>
    public async ValueTask<Result<IMetricsDocument>> RunAsync(MetricParameters parameters, bool peoplePrivate,
        Func<MetricContext, Task<IMetricsDocument>> compute, CancellationToken ct)
    {
        var started = await StartAsync(parameters, peoplePrivate, ct);
        return started.IsSuccess ? Result<IMetricsDocument>.Success(await compute(started.Value)) : started.Error;
    }

    public MetricsMeta Meta(MetricContext context)
    {
        var p = context.Parameters;
        var previous = p.PreviousWindow;
        return new MetricsMeta(
            "org_" + context.Scope.OrganizationId,
            p.Window.Start, p.Window.End, p.Window.Days,
            previous?.Start, previous?.End,
            p.Window.AsOf,
            p.Window.Granularity.ToString().ToLowerInvariant(),
            "UTC",
            context.Settings.Currency,
            new MetricFiltersView(
                [.. p.TeamIds.Select(id => "team_" + id)], [.. p.UserIds.Select(id => "usr_" + id)],
                [.. p.RepositoryIds.Select(id => "repo_" + id)], [.. p.BoardIds.Select(id => "board_" + id)]),
            context.Now,
            DefinitionsVersion);
    }

    /// <summary>The caller and the members of teams where the caller is a manager.</summary>
    private static HashSet<long> Visible(OrganizationRoster roster, long caller)
    {
        var visible = new HashSet<long> { caller };
        foreach (var team in roster.Teams.Where(t => t.ManagerIds.Contains(caller))) visible.UnionWith(team.MemberIds);
        return visible;
    }
}
