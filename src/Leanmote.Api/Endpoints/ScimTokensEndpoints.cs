using Leanmote.Api.Http;
using Leanmote.Api.OpenApi;
using Leanmote.Application.Scim.Tokens;
using Mediator;

namespace Leanmote.Api.Endpoints;

/// <summary>SCIM token management (scim.md §3.1): REST routes, REST envelope, organization admins only.</summary>
public static class ScimTokensEndpoints
{
    /// <summary>The body of a SCIM token creation; every field optional.</summary>
    public sealed record CreateScimTokenBody(string? Description, string? ExpiresAt);

    public static void MapScimTokensEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/admin/organizations/{organizationId}/scim-tokens").WithTags("SCIM tokens");

        group.MapGet("/", async (string organizationId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListScimTokens.Query(organizationId, Query.From(req)), ct)))
            .Contract<ListScimTokens.Query, ScimTokenView>()
            .WithName("ListScimTokens").WithSummary("List the organization's SCIM tokens (never the token or its hash)");

        group.MapPost("/", async (string organizationId, CreateScimTokenBody? body, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new CreateScimToken.Command(
                    organizationId, body?.Description, body?.ExpiresAt, ScimBaseUrl(req), Query.From(req)), ct)))
            .Contract<CreateScimToken.Command, CreatedScimTokenView>(StatusCodes.Status201Created)
            .WithName("CreateScimToken").WithSummary("Create a SCIM token for an identity provider; the token is shown only in this answer");

        group.MapDelete("/{tokenId}", async (string organizationId, string tokenId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new RevokeScimToken.Command(organizationId, tokenId, Query.From(req)), ct)))
            .NoContentContract<RevokeScimToken.Command>()
            .WithName("RevokeScimToken").WithSummary("Revoke a SCIM token (idempotent, effective on the next request)");
    }

    private static string ScimBaseUrl(HttpRequest req) => $"{req.Scheme}://{req.Host}/scim/v2";
}
