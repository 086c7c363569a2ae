using System.Reflection;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Security;
using Leanmote.Application.Organizations;
using Leanmote.Domain.Common;
using Leanmote.Infrastructure.Database;
using NUnit.Framework;

namespace Leanmote.UnitTests.Architecture;

/// <summary>style.md §9: dependencies point inward, and every message declares its access rule.</summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly Domain = typeof(OrganizationId).Assembly;
    private static readonly Assembly Application = typeof(ListOrganizations).Assembly;
    private static readonly Assembly Infrastructure = typeof(Migrator).Assembly;

    private static IEnumerable<string> References(Assembly assembly) => assembly.GetReferencedAssemblies().Select(a => a.Name!);

    [Test]
    public void Domain_ReferencesOnlyTheRuntime() =>
        Assert.That(References(Domain).Where(n => !n.StartsWith("System", StringComparison.Ordinal) && n != "netstandard"), Is.Empty);

    [Test]
    public void Application_ReferencesNoDatabaseWebOrLoggingFramework() =>
        Assert.That(References(Application).Where(n => n.StartsWith("Npgsql", StringComparison.Ordinal) || n.StartsWith("Dapper", StringComparison.Ordinal)
            || n.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || n.StartsWith("Serilog", StringComparison.Ordinal)), Is.Empty);

    [Test]
    public void Infrastructure_ReferencesNoAspNetCoreOrSerilog() =>
        Assert.That(References(Infrastructure).Where(n => n.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || n.StartsWith("Serilog", StringComparison.Ordinal)), Is.Empty);

    [Test]
    public void EveryMessage_DeclaresItsAccessRule()
    {
        var undeclared = Application.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(Mediator.IMessage).IsAssignableFrom(t))
            .Where(t => !typeof(IAuthorizedRequest).IsAssignableFrom(t) && !typeof(IAllowAnonymous).IsAssignableFrom(t))
            .Select(t => t.FullName)
            .ToList();
        Assert.That(undeclared, Is.Empty, "secure by default: implement IAuthorizedRequest or IAllowAnonymous");
    }

    [Test]
    public void Handlers_AreSealed()
    {
        var open = Application.GetTypes().Concat(Infrastructure.GetTypes())
            .Where(t => t.IsClass && !t.IsAbstract && !t.IsSealed && t.Name == "Handler")
            .Select(t => t.FullName).ToList();
        Assert.That(open, Is.Empty);
    }

    [Test]
    public void EveryListSpec_SortsOnlyByFieldsOfItsView()
    {
        // QuerySpec throws on a sort field the view lacks; touching every static Spec proves each one is coherent.
        var specs = Application.GetTypes()
            .Where(t => t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IHasQueryOptions<>)))
            .Select(t => (Type: t, Spec: (QuerySpec)t.GetProperty("Spec", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!))
            .ToList();
        Assert.That(specs, Is.Not.Empty);
        Assert.That(specs.Where(s => s.Spec.IsList && !s.Spec.SortableFields.Contains(s.Spec.DefaultSort)).Select(s => s.Type.FullName), Is.Empty,
            "the default sort must be sortable");
    }
}
