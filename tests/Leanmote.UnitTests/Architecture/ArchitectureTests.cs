using System.Reflection;
using Leanmote.Application.Access;
using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Security;
using Leanmote.Application.Organizations;
using Leanmote.Domain.Common;
using Leanmote.Infrastructure.Access;
using Leanmote.Infrastructure.Organizations;
using Leanmote.Infrastructure.Sql;
using NUnit.Framework;

namespace Leanmote.UnitTests.Architecture;

[TestFixture]
public sealed class ArchitectureTests
{
    private static readonly Assembly Domain = typeof(OrganizationId).Assembly;
    private static readonly Assembly Application = typeof(RequestContext).Assembly;
    private static readonly Assembly Infrastructure = typeof(ColumnMap).Assembly;

    private static string[] References(Assembly assembly) => [.. assembly.GetReferencedAssemblies().Select(a => a.Name!)];

    private static bool IsFramework(string name) =>
        name is "netstandard" or "mscorlib" || name.StartsWith("System", StringComparison.Ordinal) || name.StartsWith("Microsoft.Win32", StringComparison.Ordinal);

    [Test]
    public void Domain_References_OnlyTheFramework() =>
        Assert.That(References(Domain).Where(n => !IsFramework(n)), Is.Empty);

    [TestCase("Npgsql")]
    [TestCase("Dapper")]
    [TestCase("Microsoft.AspNetCore")]
    [TestCase("Serilog")]
    [TestCase("Leanmote.Infrastructure")]
    [TestCase("Leanmote.Api")]
    [TestCase("Polly")]
    public void Application_References_NoInfrastructureOrHostPackage(string forbidden) =>
        Assert.That(References(Application), Has.None.StartsWith(forbidden));

    [TestCase("Microsoft.AspNetCore")]
    [TestCase("Serilog")]
    [TestCase("Leanmote.Api")]
    public void Infrastructure_References_NoHostPackage(string forbidden) =>
        Assert.That(References(Infrastructure), Has.None.StartsWith(forbidden));

    [Test]
    public void Application_References_Domain() =>
        Assert.That(References(Application), Does.Contain("Leanmote.Domain"));

    private static IEnumerable<Type> Messages() =>
        Application.GetTypes().Where(t => !t.IsAbstract && !t.IsInterface && typeof(Mediator.IMessage).IsAssignableFrom(t));

    [Test]
    public void Application_HasMessages() =>
        Assert.That(Messages().Count(), Is.GreaterThan(5));

    [Test]
    public void EveryMessage_IsAuthorizedOrExplicitlyAnonymous() =>
        Assert.That(Messages().Where(t => !typeof(IAuthorizedRequest).IsAssignableFrom(t) && !typeof(IAllowAnonymous).IsAssignableFrom(t)).Select(t => t.FullName),
            Is.Empty);

    [Test]
    public void NoMessage_IsBothAuthorizedAndAnonymous() =>
        Assert.That(Messages().Where(t => typeof(IAuthorizedRequest).IsAssignableFrom(t) && typeof(IAllowAnonymous).IsAssignableFrom(t)).Select(t => t.FullName),
            Is.Empty);

    private static QuerySpec SpecOf(Type request) =>
        (QuerySpec)request.GetProperty("Spec", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;

    [Test]
    public void EveryQueryOptionsRequest_HasASpec()
    {
        var requests = Application.GetTypes()
            .Where(t => !t.IsAbstract && t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IHasQueryOptions<>)))
            .ToList();
        Assert.That(requests, Is.Not.Empty);
        Assert.That(requests.Where(t => SpecOf(t) is null).Select(t => t.FullName), Is.Empty);
    }

    private static IEnumerable<TestCaseData> ReaderMaps()
    {
        yield return new TestCaseData(typeof(ListOrganizations.Query), OrganizationReader.OrganizationColumns).SetArgDisplayNames("ListOrganizations");
        yield return new TestCaseData(typeof(ListOrganizationMembers.Query), OrganizationReader.MemberColumns).SetArgDisplayNames("ListOrganizationMembers");
        yield return new TestCaseData(typeof(ListApiCredentials.Query), ApiCredentialStore.ColumnsForTests).SetArgDisplayNames("ListApiCredentials");
    }

    [TestCaseSource(nameof(ReaderMaps))]
    public void Spec_SortableAndFilterableFields_AreMappedByTheReader(Type request, ColumnMap columns)
    {
        var spec = SpecOf(request);
        var fields = spec.SortableFields.Concat(spec.Filters.Keys).Append(spec.DefaultSort).Distinct().ToList();
        Assert.That(fields, Is.Not.Empty);
        Assert.That(fields.Where(f => !columns.Contains(f)), Is.Empty);
    }

    [TestCaseSource(nameof(ReaderMaps))]
    public void ColumnMap_Expressions_AreQualifiedColumnsOnly(Type request, ColumnMap columns) =>
        Assert.That(columns.Select(c => c.Value).Append(columns.TieBreak), Has.All.Matches(@"^[a-z]+\.[a-z_]+$"));
}
