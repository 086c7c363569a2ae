using Leanmote.Api.Http;
using Leanmote.Api.OpenApi;
using Leanmote.Application.Teams;
using Mediator;

namespace Leanmote.Api.Endpoints;

public static class TeamsEndpoints
{
    public static void MapTeamsEndpoints(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1").WithTags("Teams");

        v1.MapGet("/teams", async (HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListTeams.Query(Query.From(req)), ct)))
            .Contract<ListTeams.Query, TeamView>()
            .WithName("ListTeams").WithSummary("List the teams of the caller's organizations");

        v1.MapGet("/teams/{teamId}", async (string teamId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new GetTeam.Query(teamId, Query.From(req)), ct)))
            .Contract<GetTeam.Query, TeamView>()
            .WithName("GetTeam").WithSummary("Get one team");

        v1.MapGet("/teams/{teamId}/members", async (string teamId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListTeamMembers.Query(teamId, Query.From(req)), ct)))
            .Contract<ListTeamMembers.Query, TeamMemberView>()
            .WithName("ListTeamMembers").WithSummary("List the members of a team with their team roles");

        v1.MapGet("/teams/{teamId}/members/{userId}", async (string teamId, string userId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new GetTeamMember.Query(teamId, userId, Query.From(req)), ct)))
            .Contract<GetTeamMember.Query, TeamMemberView>()
            .WithName("GetTeamMember").WithSummary("Get one member of a team (404 when the user is not in the team)");

        v1.MapGet("/teams/{teamId}/managers", async (string teamId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListTeamManagers.Query(teamId, Query.From(req)), ct)))
            .Contract<ListTeamManagers.Query, TeamMemberView>()
            .WithName("ListTeamManagers").WithSummary("List the members of a team whose team role is manager");

        v1.MapGet("/users/{userId}/teams", async (string userId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListUserTeams.Query(userId, Query.From(req)), ct)))
            .Contract<ListUserTeams.Query, UserTeamView>()
            .WithName("ListUserTeams").WithSummary("List the teams of a user (in organizations shared with the caller) with the user's team role");

        v1.MapGet("/users/{userId}/teams/{teamId}", async (string userId, string teamId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new GetUserTeam.Query(userId, teamId, Query.From(req)), ct)))
            .Contract<GetUserTeam.Query, UserTeamView>()
            .WithName("GetUserTeam").WithSummary("Get the user↔team relation: the team plus the user's team role (404 when there is none)");
    }
}
