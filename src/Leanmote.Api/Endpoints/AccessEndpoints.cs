using Leanmote.Api.Http;
using Leanmote.Api.OpenApi;
using Leanmote.Application.Access;
using Mediator;

namespace Leanmote.Api.Endpoints;

public static class AccessEndpoints
{
    /// <summary>The body of a credential creation; every field optional.</summary>
    public sealed record CreateCredentialBody(string? ExpiresAt);

    public static void MapAccessEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/admin/users/{userId}/api-credentials").WithTags("Access");

        group.MapGet("/", async (string userId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListApiCredentials.Query(userId, Query.From(req)), ct)))
            .Contract<ListApiCredentials.Query, CredentialView>()
            .WithName("ListApiCredentials").WithSummary("List a user's API credentials (never the token or its hash)");

        group.MapPost("/", async (string userId, CreateCredentialBody? body, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new CreateApiCredential.Command(userId, body?.ExpiresAt, Query.From(req)), ct)))
            .Contract<CreateApiCredential.Command, CreatedCredentialView>(StatusCodes.Status201Created)
            .WithName("CreateApiCredential").WithSummary("Create an API credential; the token is shown only in this answer");

        group.MapDelete("/{credentialId}", async (string userId, string credentialId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new DeactivateApiCredential.Command(userId, credentialId, Query.From(req)), ct)))
            .NoContentContract<DeactivateApiCredential.Command>()
            .WithName("DeactivateApiCredential").WithSummary("Deactivate an API credential (idempotent)");
    }
}
