using System.Text.Json.Nodes;
using Leanmote.Application.Scim.Schema;

namespace Leanmote.Application.Scim.Resources;

/// <summary>
/// The User use cases of the SCIM surface (scim.md §6): list/search, get, create, replace (PUT), patch, delete.
/// Each validates its input, lets the store apply the change under a row lock, and answers the SCIM resource.
/// </summary>
public sealed class ScimUsers(IScimUserStore store, ScimProjector projector)
{
    public async Task<ScimResult<ScimResponse>> ListAsync(ScimClient client, ScimListRequest request, CancellationToken ct)
    {
        var projection = new ScimProjectionRequest(request.Attributes, request.ExcludedAttributes);
        var query = request.Parse(ScimSchemas.User, includeComputed: projection.Wants("groups"));
        if (query.Error is { } error) return error;
        var page = await store.ListAsync(client, query.Value, ct);
        if (page.Error is { } listError) return listError;
        var (rows, total) = page.Value;
        var resources = rows.Select(r => projector.Project(ScimSchemas.User, ScimRendering.User(client, r), projection));
        return new ScimResponse(200, ScimRendering.List(resources, total, query.Value.StartIndex));
    }

    public async Task<ScimResult<ScimResponse>> GetAsync(ScimClient client, string id, ScimProjectionRequest projection, string? ifNoneMatch, CancellationToken ct)
    {
        if (!ScimPreconditions.TryUserId(id, out var userId)) return ScimPreconditions.UserNotFound(id);
        var row = await store.GetAsync(client, userId, ct);
        if (row is null) return ScimPreconditions.UserNotFound(id);
        if (ScimPreconditions.IfNoneMatchHits(ifNoneMatch, row.Version)) return ScimResponse.NotModified(ScimRendering.Version(row.Version));
        return Resource(client, row, projection, 200);
    }

    public async Task<ScimResult<ScimResponse>> CreateAsync(ScimClient client, JsonObject body, ScimProjectionRequest projection, CancellationToken ct)
    {
        var draft = UserDocument.Read(body, checkSchemas: true);
        if (draft.Error is { } error) return error;
        var user = draft.Value;
        var active = user.Active ?? true;
        List<ScimAuditEntry> audit = [new("create", [.. user.Attributes.Select(a => a.Key)])];
        if (!active) audit.Add(new ScimAuditEntry("deactivate", ["active"]));
        var created = await store.CreateAsync(client, new ScimUserChange(user.Attributes, active, user.Role ?? "collaborator", audit), ct);
        if (created.Error is { } createError) return createError;
        return Resource(client, created.Value, projection, 201);
    }

    public async Task<ScimResult<ScimResponse>> ReplaceAsync(ScimClient client, string id, JsonObject body, string? ifMatch,
        ScimProjectionRequest projection, CancellationToken ct)
    {
        if (!ScimPreconditions.TryUserId(id, out var userId)) return ScimPreconditions.UserNotFound(id);
        var draft = UserDocument.Read(body, checkSchemas: true);
        if (draft.Error is { } error) return error;
        var user = draft.Value;
        // §9.8: active and roles are left unchanged when the PUT body omits them.
        var result = await store.ModifyAsync(client, userId, current =>
            ScimPreconditions.IfMatch(ifMatch, current.Version) is { } failed
                ? failed
                : Change(current, user.Attributes, user.Active ?? current.Active, user.Role ?? current.Role), ct);
        return Written(client, id, result, projection, 200);
    }

    public async Task<ScimResult<ScimResponse>> PatchAsync(ScimClient client, string id, JsonObject body, string? ifMatch,
        ScimProjectionRequest projection, CancellationToken ct)
    {
        if (!ScimPreconditions.TryUserId(id, out var userId)) return ScimPreconditions.UserNotFound(id);
        var operations = ScimPatch.ReadOperations(body);
        if (operations.Error is { } error) return error;
        var result = await store.ModifyAsync(client, userId, current =>
        {
            if (ScimPreconditions.IfMatch(ifMatch, current.Version) is { } failed) return failed;
            var document = ScimRendering.User(client, current);
            var patched = ScimPatch.Apply(ScimSchemas.User, document, operations.Value);
            if (patched.Error is { } patchError) return patchError;
            var draft = UserDocument.Read(patched.Value, checkSchemas: false);
            if (draft.Error is { } draftError) return draftError;
            return Change(current, draft.Value.Attributes, draft.Value.Active ?? current.Active, draft.Value.Role ?? "collaborator");
        }, ct);
        return Written(client, id, result, projection, 200);
    }

    public async Task<ScimResult<ScimResponse>> DeleteAsync(ScimClient client, string id, string? ifMatch, CancellationToken ct)
    {
        if (!ScimPreconditions.TryUserId(id, out var userId)) return ScimPreconditions.UserNotFound(id);
        var deleted = await store.DeprovisionAsync(client, userId, current => ScimPreconditions.IfMatch(ifMatch, current.Version), ct);
        if (deleted.Error is { } error) return error;
        return deleted.Value ? ScimResponse.NoContent : ScimPreconditions.UserNotFound(id);
    }

    /// <summary>The change a write makes, or null when it changes nothing (no version bump, §9.1).</summary>
    private static ScimResult<ScimUserChange?> Change(ScimUserRow current, JsonObject attributes, bool active, string role)
    {
        var changed = ScimPreconditions.Changed(current.Attributes, attributes);
        if (role != current.Role) changed.Add("roles");
        if (changed.Count == 0 && active == current.Active) return (ScimUserChange?)null;
        var audit = new List<ScimAuditEntry>();
        if (changed.Count > 0) audit.Add(new ScimAuditEntry("update", changed));
        if (active != current.Active) audit.Add(new ScimAuditEntry(active ? "reactivate" : "deactivate", ["active"]));
        return new ScimUserChange(attributes, active, role, audit);
    }

    private ScimResult<ScimResponse> Written(ScimClient client, string id, ScimResult<ScimUserRow>? result, ScimProjectionRequest projection, int status)
    {
        if (result is not { } outcome) return ScimPreconditions.UserNotFound(id);
        if (outcome.Error is { } error) return error;
        return Resource(client, outcome.Value, projection, status);
    }

    private ScimResponse Resource(ScimClient client, ScimUserRow row, ScimProjectionRequest projection, int status)
    {
        var body = projector.Project(ScimSchemas.User, ScimRendering.User(client, row), projection);
        return new ScimResponse(status, body, ScimRendering.Version(row.Version), status == 201 ? ScimRendering.UserLocation(client, row.UserId) : null);
    }
}
