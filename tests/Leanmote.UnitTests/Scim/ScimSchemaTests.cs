using Leanmote.Application.Scim.Schema;
using NUnit.Framework;

namespace Leanmote.UnitTests.Scim;

[TestFixture]
public sealed class ScimSchemaTests
{
    [TestCase("userName", "userName", ScimSchemas.UserUrn)]
    [TestCase("USERNAME", "userName", ScimSchemas.UserUrn)]
    [TestCase("name.GIVENNAME", "name.givenName", ScimSchemas.UserUrn)]
    [TestCase("urn:ietf:params:scim:schemas:core:2.0:User:name.givenName", "name.givenName", ScimSchemas.UserUrn)]
    [TestCase("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value", "manager.value", ScimSchemas.EnterpriseUserUrn)]
    [TestCase("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User.department", "department", ScimSchemas.EnterpriseUserUrn)]
    [TestCase("manager", "manager", ScimSchemas.EnterpriseUserUrn)]
    [TestCase("emails.$ref", null, null)]
    [TestCase("members", null, null)]
    [TestCase("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", null, null)]
    [TestCase("urn:ietf:params:scim:schemas:core:2.0:User:", null, null)]
    [TestCase("name.givenName.x", null, null)]
    [TestCase("name.", null, null)]
    [TestCase("", null, null)]
    public void Resolve_User(string path, string? name, string? urn)
    {
        var resolved = ScimSchemas.User.Resolve(path);
        Assert.That(resolved?.Name, Is.EqualTo(name));
        Assert.That(resolved?.SchemaUrn, Is.EqualTo(urn));
    }

    [Test]
    public void Resolve_ReturnsTheSharedAttributeInstances() =>
        Assert.That(ScimSchemas.User.Resolve("EMAILS.value")!.SubAttribute, Is.SameAs(ScimSchemas.UserCore.Find("emails")!.ValueSubAttribute));

    [Test]
    public void Characteristics_MatchTheSpec()
    {
        var user = ScimSchemas.UserCore;
        Assert.Multiple(() =>
        {
            Assert.That(user.Find("userName")!.Required && !user.Find("userName")!.CaseExact && user.Find("userName")!.Uniqueness == ScimUniqueness.Server, Is.True);
            Assert.That(user.Find("id")!.Mutability == ScimMutability.ReadOnly && user.Find("id")!.Returned == ScimReturned.Always, Is.True);
            Assert.That(user.Find("password")!.Mutability == ScimMutability.WriteOnly && user.Find("password")!.Returned == ScimReturned.Never, Is.True);
            Assert.That(user.Find("groups")!.IsReadOnly && user.Find("groups")!.MultiValued, Is.True);
            Assert.That(user.Find("externalId")!.CaseExact, Is.True);
            Assert.That(user.Find("emails")!.MaxItems, Is.EqualTo(20));
            Assert.That(ScimSchemas.GroupCore.Find("displayName")!.Required && ScimSchemas.GroupCore.Find("displayName")!.Uniqueness == ScimUniqueness.Server, Is.True);
            Assert.That(ScimSchemas.GroupCore.Find("members")!.ValueSubAttribute!.CaseExact, Is.True);
            Assert.That(ScimSchemas.EnterpriseUser.Find("manager")!.ValueSubAttribute!.CaseExact, Is.True);
            Assert.That(ScimSchemas.All.Select(s => s.Id), Is.EqualTo(new[] { ScimSchemas.UserUrn, ScimSchemas.GroupUrn, ScimSchemas.EnterpriseUserUrn }));
        });
    }

    [Test]
    public void EveryAttribute_HasADescription() =>
        Assert.That(ScimSchemas.All.SelectMany(s => s.Attributes).SelectMany(a => a.SubAttributes.Append(a)).Where(a => a.Description.Length == 0).Select(a => a.FullName), Is.Empty);

    [Test]
    public void EnterpriseNames_DoNotClashWithCoreNames() =>
        Assert.That(ScimSchemas.EnterpriseUser.Attributes.Where(a => ScimSchemas.UserCore.Find(a.Name) is not null), Is.Empty);

    [TestCase("userName", "userName")]
    [TestCase("emails", "emails.value")]
    [TestCase("EMAILS.VALUE", "emails.value")]
    [TestCase("urn:ietf:params:scim:schemas:core:2.0:User:meta.lastModified", "meta.lastModified")]
    [TestCase("name.givenName", "name.givenName")]
    public void ResolveSortBy_Users(string sortBy, string expected) =>
        Assert.That(ScimSchemas.User.ResolveSortBy(sortBy).Value.Name, Is.EqualTo(expected));

    [TestCase("nickName")]
    [TestCase("shoeSize")]
    [TestCase("name")]
    public void ResolveSortBy_Unsortable_IsInvalidValue(string sortBy) =>
        Assert.That(ScimSchemas.User.ResolveSortBy(sortBy).Error!.ScimType, Is.EqualTo("invalidValue"));

    [Test]
    public void ResolveSortBy_UserOnlyAttributeOnGroups_IsInvalidValue() =>
        Assert.That(ScimSchemas.Group.ResolveSortBy("userName").IsSuccess, Is.False);

    [TestCase("ÅSA.ÖBERG@EXAMPLE.COM", "åsa.öberg@example.com")]
    [TestCase("A\u030Asa", "\u00E5sa")]
    [TestCase("ΣΊΣΥΦΟΣ", "σίσυφοσ")]
    [TestCase("Straße", "straße")]
    [TestCase("A\u0323\u0302", "\u1EAD")]
    [TestCase("\u1100\u1161\u11A8", "\uAC01")]
    [TestCase("\u0915\u093C", "\u0915\u093C")]
    [TestCase("plain ascii", "plain ascii")]
    [TestCase("e\u0301cole", "\u00E9cole")]
    public void Fold_NormalisesThenLowerCases(string input, string expected) =>
        Assert.That(ScimText.Fold(input), Is.EqualTo(expected));

    [Test]
    public void Fold_DecomposedAndPrecomposedEmails_AreEqual() =>
        Assert.That(ScimText.AreEqual("A\u030ASA.O\u0308BERG@EXAMPLE.COM", "\u00E5sa.\u00F6berg@example.com", caseExact: false), Is.True);

    [Test]
    public void AreEqual_RespectsCaseExact()
    {
        Assert.That(ScimText.AreEqual("ABC", "abc", caseExact: false), Is.True);
        Assert.That(ScimText.AreEqual("ABC", "abc", caseExact: true), Is.False);
    }

    [Test]
    public void Echo_TruncatesTo100Characters() =>
        Assert.That(ScimError.Echo(new string('x', 150)), Is.EqualTo("'" + new string('x', 100) + "…'"));
}
