using Google.Protobuf;
using Leanmote.ContractTests.Scim;
using Leanmote.ContractTests.Support;

namespace Leanmote.ContractTests.Otel;

/// <summary>Issue 10: the ingest tokens of a suspended organization (organizations.suspended_at) are refused with 403.</summary>
[TestFixture]
public sealed class OtelSuspendedOrganizationTests : OtelTest
{
    [Test]
    public async Task Post_TokenOfASuspendedOrganization_Is403PermissionDeniedAndStoresNothing()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!, "otel");
        var created = await Api.PostJsonAsync($"/v1/organizations/{tenant.OrganizationPublicId}/ingest-tokens", tenant.AdminToken, """{"name": "fleet"}""");
        var token = EnvelopeAssert.Single(created, 201).GetProperty("token").GetString()!;
        await Target.Host!.SqlAsync("UPDATE organizations SET suspended_at = now() WHERE id = @o", ("o", tenant.OrganizationId));

        var response = await Otlp.PostAsync("/otel/v1/logs", token, Logs(1, "suspended").ToByteArray(), OtlpHttp.Protobuf);

        Assert.That(response.Status, Is.EqualTo(403), response.ToString());
        Assert.That(response.ProtobufStatus().Code, Is.EqualTo(7));
        Assert.That(await Target.Host!.SqlAsync("SELECT count(*) FROM otel_raw_payloads WHERE organization_id = @o", ("o", tenant.OrganizationId)),
            Is.EqualTo(0L));
    }
}
