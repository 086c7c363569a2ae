using Leanmote.Application.Common.Querying;
using Leanmote.Application.Organizations;
using Leanmote.Domain.Access;
using Leanmote.Domain.Common;
using Leanmote.Infrastructure.Organizations;
using NUnit.Framework;

namespace Leanmote.IntegrationTests.Core;

[TestFixture]
public sealed class OrganizationReaderTests : DatabaseTest
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static OrganizationReader Reader() => new(Db, Retry);

    private static QueryOptions Options(QuerySpec spec, params (string Key, string Value)[] pairs)
    {
        var parsed = QueryOptionsParser.Parse(spec, QueryParameters.Of(pairs));
        Assert.That(parsed.IsSuccess, Is.True, () => parsed.Error!.Message);
        return parsed.Value;
    }

    [Test]
    public async Task ListAsync_Scope_BoundsTheRowsAndTotal()
    {
        var a = await Given.Organization();
        var b = await Given.Organization();
        await Given.Organization();
        var (rows, total) = await Reader().ListAsync([a.Value, b.Value], Options(ListOrganizations.Query.Spec), CancellationToken.None);
        Assert.That((rows.Select(r => r.Id).OrderBy(i => i.Value).ToArray(), total), Is.EqualTo((new[] { a, b }, 2L)));
    }

    [Test]
    public async Task ListAsync_EmptyScope_ReturnsNothing()
    {
        await Given.Organization();
        var (rows, total) = await Reader().ListAsync([], Options(ListOrganizations.Query.Spec), CancellationToken.None);
        Assert.That((rows.Count, total), Is.EqualTo((0, 0L)));
    }

    [TestCase("asc")]
    [TestCase("desc")]
    public async Task ListAsync_SortByCreatedAtWithTies_BreaksTiesByIdInTheSameDirection(string order)
    {
        var first = await Given.Organization(createdAt: T0);
        var tieLow = await Given.Organization(createdAt: T0.AddDays(1));
        var tieHigh = await Given.Organization(createdAt: T0.AddDays(1));
        var last = await Given.Organization(createdAt: T0.AddDays(2));
        var scope = new[] { first.Value, tieLow.Value, tieHigh.Value, last.Value };
        var (rows, _) = await Reader().ListAsync(scope, Options(ListOrganizations.Query.Spec, ("order", order)), CancellationToken.None);
        var ascending = new[] { first, tieLow, tieHigh, last };
        Assert.That(rows.Select(r => r.Id), Is.EqualTo(order == "asc" ? ascending : ascending.Reverse()));
    }

    [TestCase("asc")]
    [TestCase("desc")]
    public async Task ListAsync_SortByNameWithTies_PagesNeverOverlap(string order)
    {
        var ids = new List<OrganizationId>();
        foreach (var name in new[] { "b", "a", "b", "c", "b" }) ids.Add(await Given.Organization(name));
        var scope = ids.Select(i => i.Value).ToArray();
        var seen = new List<OrganizationView>();
        for (var page = 1; page <= 3; page++)
        {
            var (rows, total) = await Reader().ListAsync(scope,
                Options(ListOrganizations.Query.Spec, ("sort", "name"), ("order", order), ("per_page", "2"), ("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture))), CancellationToken.None);
            Assert.That(total, Is.EqualTo(5));
            seen.AddRange(rows);
        }
        var expected = order == "asc"
            ? new[] { ids[1], ids[0], ids[2], ids[4], ids[3] }
            : new[] { ids[3], ids[4], ids[2], ids[0], ids[1] };
        Assert.That(seen.Select(r => r.Id), Is.EqualTo(expected));
    }

    [Test]
    public async Task ListAsync_PagePastTheEnd_ReturnsNoRowsWithTheTotal()
    {
        var a = await Given.Organization();
        var b = await Given.Organization();
        var (rows, total) = await Reader().ListAsync([a.Value, b.Value], Options(ListOrganizations.Query.Spec, ("page", "5"), ("per_page", "1")), CancellationToken.None);
        Assert.That((rows.Count, total), Is.EqualTo((0, 2L)));
    }

    [Test]
    public async Task GetAsync_Existing_MapsEveryColumn()
    {
        var org = await Given.Organization("Acme", createdAt: T0);
        var view = await Reader().GetAsync(org, CancellationToken.None);
        Assert.That((view?.Id, view?.Name, view?.Timezone, view?.CreatedAt), Is.EqualTo(((OrganizationId?)org, "Acme", "UTC", (DateTimeOffset?)T0)));
    }

    [Test]
    public async Task GetAsync_Missing_ReturnsNull() =>
        Assert.That(await Reader().GetAsync(new OrganizationId(999), CancellationToken.None), Is.Null);

    [Test]
    public async Task ListMembersAsync_OtherOrganization_IsNotListed()
    {
        var mine = await Given.Organization();
        var theirs = await Given.Organization();
        var me = await Given.Member(mine, OrganizationRole.Admin);
        await Given.Member(theirs);
        var (rows, total) = await Reader().ListMembersAsync(mine, Options(ListOrganizationMembers.Query.Spec), CancellationToken.None);
        Assert.That((rows.Select(r => r.Id).ToArray(), total), Is.EqualTo((new[] { me }, 1L)));
        Assert.That(rows[0].Role, Is.EqualTo(OrganizationRole.Admin));
    }

    [TestCase("admin", 1)]
    [TestCase("manager", 2)]
    [TestCase("collaborator", 0)]
    public async Task ListMembersAsync_RoleFilter_ReturnsOnlyThatRole(string role, int expected)
    {
        var org = await Given.Organization();
        await Given.Member(org, OrganizationRole.Admin);
        await Given.Member(org, OrganizationRole.Manager);
        await Given.Member(org, OrganizationRole.Manager);
        var (rows, total) = await Reader().ListMembersAsync(org, Options(ListOrganizationMembers.Query.Spec, ("role", role)), CancellationToken.None);
        Assert.That((rows.Count, total), Is.EqualTo((expected, (long)expected)));
        Assert.That(rows.Select(r => r.Role.ToString().ToLowerInvariant()), Has.All.EqualTo(role));
    }

    [TestCase("true")]
    [TestCase("false")]
    public async Task ListMembersAsync_ActiveFilter_ReturnsOnlyMatchingUsers(string active)
    {
        var org = await Given.Organization();
        var on = await Given.Member(org, isActive: true);
        var off = await Given.Member(org, isActive: false);
        var (rows, _) = await Reader().ListMembersAsync(org, Options(ListOrganizationMembers.Query.Spec, ("is_active", active)), CancellationToken.None);
        Assert.That(rows.Select(r => r.Id), Is.EqualTo(new[] { active == "true" ? on : off }));
    }

    [TestCase("asc")]
    [TestCase("desc")]
    public async Task ListMembersAsync_SortByEmail_OrdersBothWays(string order)
    {
        var org = await Given.Organization();
        var b = await Given.Member(org, email: "b@x.io");
        var a = await Given.Member(org, email: "a@x.io");
        var c = await Given.Member(org, email: "c@x.io");
        var (rows, _) = await Reader().ListMembersAsync(org, Options(ListOrganizationMembers.Query.Spec, ("sort", "email"), ("order", order)), CancellationToken.None);
        Assert.That(rows.Select(r => r.Id), Is.EqualTo(order == "asc" ? new[] { a, b, c } : new[] { c, b, a }));
    }
}
