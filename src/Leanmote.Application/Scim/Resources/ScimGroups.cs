using System.Text.Json.Nodes;
using Leanmote.Application.Scim.Schema;

namespace Leanmote.Application.Scim.Resources;

/// <summary>The Group (team) use cases of the SCIM surface (scim.md §6): list/search, get, create, replace, patch, delete.</summary>
public sealed class ScimGroups(IScimGroupStore store, ScimProjector projector)
{
    public async Task<ScimResult<ScimResponse>> ListAsync(ScimClient client, ScimListRequest request, CancellationToken ct)
    {
        var projection = new ScimProjectionRequest(request.Attributes, request.ExcludedAttributes);
        var query = request.Parse(ScimSchemas.Group, includeComputed: projection.Wants("members"));
        if (query.Error is { } error) return error;
        var page = await store.ListAsync(client, query.Value, ct);
        if (page.Error is { } listError) return listError;
        var (rows, total) = page.Value;
        var resources = rows.Select(r => projector.Project(ScimSchemas.Group, ScimRendering.Group(client, r), projection));
        return new ScimResponse(200, ScimRendering.List(resources, total, query.Value.StartIndex));
    }

    public async Task<ScimResult<ScimResponse>> GetAsync(ScimClient client, string id, ScimProjectionRequest projection, string? ifNoneMatch, CancellationToken ct)
    {
        if (!ScimPreconditions.TryTeamId(id, out var teamId)) return ScimPreconditions.GroupNotFound(id);
        var row = await store.GetAsync(client, teamId, projection.Wants("members"), ct);
        if (row is null) return ScimPreconditions.GroupNotFound(id);
        if (ScimPreconditions.IfNoneMatchHits(ifNoneMatch, row.Version)) return ScimResponse.NotModified(ScimRendering.Version(row.Version));
        return Resource(client, row, projection, 200);
    }

    public async Task<ScimResult<ScimResponse>> CreateAsync(ScimClient client, JsonObject body, ScimProjectionRequest projection, CancellationToken ct)
    {
        var draft = GroupDocument.Read(body, checkSchemas: true);
        if (draft.Error is { } error) return error;
        var members = MemberIds(draft.Value.Members ?? []);
        if (members.Error is { } memberError) return memberError;
        List<ScimAuditEntry> audit = [new("create", ["displayName", .. draft.Value.ExternalId is null ? Array.Empty<string>() : ["externalId"]])];
        if (members.Value.Count > 0) audit.Add(new ScimAuditEntry("members_add", ["members"]));
        var created = await store.CreateAsync(client, new ScimGroupChange(draft.Value.DisplayName, draft.Value.ExternalId, members.Value, audit), ct);
        if (created.Error is { } createError) return createError;
        return Resource(client, created.Value, projection, 201);
    }

    public async Task<ScimResult<ScimResponse>> ReplaceAsync(ScimClient client, string id, JsonObject body, string? ifMatch,
        ScimProjectionRequest projection, CancellationToken ct)
    {
        if (!ScimPreconditions.TryTeamId(id, out var teamId)) return ScimPreconditions.GroupNotFound(id);
        var draft = GroupDocument.Read(body, checkSchemas: true);
        if (draft.Error is { } error) return error;
        IReadOnlyList<long>? members = null;
        if (draft.Value.Members is { } raw)
        {
            var parsed = MemberIds(raw);
            if (parsed.Error is { } memberError) return memberError;
            members = parsed.Value;
        }
        var result = await store.ModifyAsync(client, teamId, current =>
            ScimPreconditions.IfMatch(ifMatch, current.Version) is { } failed
                ? failed
                : Change(current, draft.Value.DisplayName, draft.Value.ExternalId, members), ct);
        if (result is not { } outcome) return ScimPreconditions.GroupNotFound(id);
        if (outcome.Error is { } writeError) return writeError;
        var fresh = await store.GetAsync(client, teamId, projection.Wants("members"), ct);
        return fresh is null ? ScimPreconditions.GroupNotFound(id) : Resource(client, fresh, projection, 200);
    }

    public async Task<ScimResult<ScimResponse>> PatchAsync(ScimClient client, string id, JsonObject body, string? ifMatch, CancellationToken ct)
    {
        if (!ScimPreconditions.TryTeamId(id, out var teamId)) return ScimPreconditions.GroupNotFound(id);
        var operations = ScimPatch.ReadOperations(body);
        if (operations.Error is { } error) return error;
        var result = await store.ModifyAsync(client, teamId, current =>
        {
            if (ScimPreconditions.IfMatch(ifMatch, current.Version) is { } failed) return failed;
            var patched = ScimPatch.Apply(ScimSchemas.Group, ScimRendering.Group(client, current), operations.Value);
            if (patched.Error is { } patchError) return patchError;
            var draft = GroupDocument.Read(patched.Value, checkSchemas: false);
            if (draft.Error is { } draftError) return draftError;
            var members = MemberIds(draft.Value.Members ?? []);
            if (members.Error is { } memberError) return memberError;
            return Change(current, draft.Value.DisplayName, draft.Value.ExternalId, members.Value);
        }, ct);
        if (result is not { } outcome) return ScimPreconditions.GroupNotFound(id);
        if (outcome.Error is { } writeError) return writeError;
        return ScimResponse.NoContent;
    }

    public async Task<ScimResult<ScimResponse>> DeleteAsync(ScimClient client, string id, string? ifMatch, CancellationToken ct)
    {
        if (!ScimPreconditions.TryTeamId(id, out var teamId)) return ScimPreconditions.GroupNotFound(id);
        var deleted = await store.DeleteAsync(client, teamId, current => ScimPreconditions.IfMatch(ifMatch, current.Version), ct);
        if (deleted.Error is { } error) return error;
        return deleted.Value ? ScimResponse.NoContent : ScimPreconditions.GroupNotFound(id);
    }

    /// <summary>Member values must be user ids (<c>usr_…</c>); anything else names no visible user → invalidValue.</summary>
    private static ScimResult<IReadOnlyList<long>> MemberIds(IReadOnlyList<string> raw)
    {
        var ids = new List<long>(raw.Count);
        foreach (var value in raw)
        {
            if (!ScimPreconditions.TryUserId(value, out var id))
                return ScimError.InvalidValue($"members value '{ScimError.Echo(value)}' is not a user of this organization");
            ids.Add(id);
        }
        return ids;
    }

    private static ScimResult<ScimGroupChange?> Change(ScimGroupRow current, string displayName, string? externalId, IReadOnlyList<long>? members)
    {
        var audit = new List<ScimAuditEntry>();
        var changed = new List<string>();
        if (displayName != current.DisplayName) changed.Add("displayName");
        if (externalId != current.ExternalId) changed.Add("externalId");
        if (changed.Count > 0) audit.Add(new ScimAuditEntry("update", changed));
        if (members is not null && current.Members is { } before)
        {
            var old = before.Select(m => m.UserId).ToHashSet();
            var now = members.ToHashSet();
            if (now.Any(id => !old.Contains(id))) audit.Add(new ScimAuditEntry("members_add", ["members"]));
            if (old.Any(id => !now.Contains(id))) audit.Add(new ScimAuditEntry("members_remove", ["members"]));
        }
        if (audit.Count == 0) return (ScimGroupChange?)null;
        return new ScimGroupChange(displayName, externalId, members, audit);
    }

    private ScimResponse Resource(ScimClient client, ScimGroupRow row, ScimProjectionRequest projection, int status)
    {
        var body = projector.Project(ScimSchemas.Group, ScimRendering.Group(client, row), projection);
        return new ScimResponse(status, body, ScimRendering.Version(row.Version), status == 201 ? ScimRendering.GroupLocation(client, row.TeamId) : null);
    }
}
