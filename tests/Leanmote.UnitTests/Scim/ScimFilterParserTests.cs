using Leanmote.Application.Scim.Filtering;
using Leanmote.Application.Scim.Schema;
using NUnit.Framework;

namespace Leanmote.UnitTests.Scim;

[TestFixture]
public sealed class ScimFilterParserTests
{
    private static string Users(string filter)
    {
        var result = ScimFilterParser.Parse(filter, ScimSchemas.User);
        Assert.That(result.IsSuccess, Is.True, () => $"{filter} → {result.Error?.Detail}");
        return FilterText.Of(result.Value);
    }

    private static string Groups(string filter)
    {
        var result = ScimFilterParser.Parse(filter, ScimSchemas.Group);
        Assert.That(result.IsSuccess, Is.True, () => $"{filter} → {result.Error?.Detail}");
        return FilterText.Of(result.Value);
    }

    private static ScimError UserError(string filter) => ErrorOf(filter, ScimSchemas.User);

    private static ScimError ErrorOf(string filter, ScimResourceSchema resource)
    {
        var result = ScimFilterParser.Parse(filter, resource);
        Assert.That(result.IsSuccess, Is.False, () => $"{filter} parsed as {(result.IsSuccess ? FilterText.Of(result.Value) : "")}");
        Assert.That(result.Error!.ScimType, Is.EqualTo("invalidFilter"));
        return result.Error;
    }

    // ---- comparisons and operators ----

    [TestCase("userName eq \"bjensen\"", "userName eq \"bjensen\"")]
    [TestCase("userName ne \"bjensen\"", "userName ne \"bjensen\"")]
    [TestCase("userName co \"jen\"", "userName co \"jen\"")]
    [TestCase("userName sw \"J\"", "userName sw \"J\"")]
    [TestCase("userName ew \"sen\"", "userName ew \"sen\"")]
    [TestCase("userName gt \"a\"", "userName gt \"a\"")]
    [TestCase("userName ge \"a\"", "userName ge \"a\"")]
    [TestCase("userName lt \"a\"", "userName lt \"a\"")]
    [TestCase("userName le \"a\"", "userName le \"a\"")]
    [TestCase("title pr", "title pr")]
    public void Parse_EveryOperator_ProducesComparison(string filter, string expected) =>
        Assert.That(Users(filter), Is.EqualTo(expected));

    [TestCase("USERNAME EQ \"x\"")]
    [TestCase("UserName Eq \"x\"")]
    [TestCase("username eQ \"x\"")]
    [TestCase("urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"x\"")]
    [TestCase("URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER:USERNAME eq \"x\"")]
    [TestCase("   userName eq \"x\"   ")]
    [TestCase("userName   eq    \"x\"")]
    public void Parse_CaseAndSpacingVariants_ResolveToCanonicalUserName(string filter) =>
        Assert.That(Users(filter), Is.EqualTo("userName eq \"x\""));

    [Test]
    public void Parse_ResolvedPath_PointsAtTheSchemaAttribute()
    {
        var node = (ComparisonFilter)ScimFilterParser.Parse("NAME.GIVENNAME eq \"Ada\"", ScimSchemas.User).Value;
        Assert.Multiple(() =>
        {
            Assert.That(node.Path.Attribute, Is.SameAs(ScimSchemas.UserCore.Find("name")));
            Assert.That(node.Path.SubAttribute, Is.SameAs(ScimSchemas.UserCore.Find("name")!.FindSubAttribute("givenName")));
            Assert.That(node.Path.Name, Is.EqualTo("name.givenName"));
            Assert.That(node.Path.Target.CaseExact, Is.False);
        });
    }

    // ---- logical operators and precedence ----

    [TestCase("title pr and userName eq \"a\" or displayName eq \"b\"", "((title pr and userName eq \"a\") or displayName eq \"b\")")]
    [TestCase("title pr or userName eq \"a\" and displayName eq \"b\"", "(title pr or (userName eq \"a\" and displayName eq \"b\"))")]
    [TestCase("title pr and userName pr and displayName pr", "((title pr and userName pr) and displayName pr)")]
    [TestCase("title pr or userName pr or displayName pr", "((title pr or userName pr) or displayName pr)")]
    [TestCase("(title pr or userName pr) and displayName pr", "((title pr or userName pr) and displayName pr)")]
    [TestCase("title pr and (userName pr or displayName pr)", "(title pr and (userName pr or displayName pr))")]
    [TestCase("((title pr))", "title pr")]
    [TestCase("not (title pr)", "not(title pr)")]
    [TestCase("not(title pr)", "not(title pr)")]
    [TestCase("NOT (title pr) AND userName pr", "(not(title pr) and userName pr)")]
    [TestCase("userName pr and not (title pr or displayName pr)", "(userName pr and not((title pr or displayName pr)))")]
    [TestCase("not (not (title pr))", "not(not(title pr))")]
    [TestCase("title pr AnD userName pr Or displayName pr", "((title pr and userName pr) or displayName pr)")]
    public void Parse_LogicalOperators_FollowPrecedence(string filter, string expected) =>
        Assert.That(Users(filter), Is.EqualTo(expected));

    // ---- value paths and complex attributes ----

    [TestCase("emails[type eq \"work\"]", "emails[type eq \"work\"]")]
    [TestCase("emails[type eq \"work\" and primary eq true]", "emails[(type eq \"work\" and primary eq true)]")]
    [TestCase("emails[type eq \"work\"].value eq \"x@example.com\"", "emails[(type eq \"work\" and value eq \"x@example.com\")]")]
    [TestCase("EMAILS[TYPE EQ \"work\"].VALUE EQ \"x\"", "emails[(type eq \"work\" and value eq \"x\")]")]
    [TestCase("emails[not (type eq \"home\")]", "emails[not(type eq \"home\")]")]
    [TestCase("emails[type eq \"work\" or (type eq \"home\" and primary eq true)]", "emails[(type eq \"work\" or (type eq \"home\" and primary eq true))]")]
    [TestCase("emails[value pr].value co \"@x\"", "emails[(value pr and value co \"@x\")]")]
    [TestCase("addresses[type eq \"work\" and postalCode sw \"10\"]", "addresses[(type eq \"work\" and postalCode sw \"10\")]")]
    [TestCase("emails co \"@example.com\"", "emails.value co \"@example.com\"")]
    [TestCase("emails.value eq \"a@b.c\"", "emails.value eq \"a@b.c\"")]
    [TestCase("emails pr", "emails pr")]
    [TestCase("name pr", "name pr")]
    [TestCase("groups eq \"team_3\"", "groups.value eq \"team_3\"")]
    [TestCase("groups.value eq \"team_3\"", "groups.value eq \"team_3\"")]
    [TestCase("groups.display co \"Core\"", "groups.display co \"Core\"")]
    [TestCase("groups[type eq \"direct\" and value eq \"team_3\"]", "groups[(type eq \"direct\" and value eq \"team_3\")]")]
    [TestCase("roles eq \"admin\"", "roles.value eq \"admin\"")]
    [TestCase("userName pr and emails[type eq \"work\"]", "(userName pr and emails[type eq \"work\"])")]
    public void Parse_ValuePathsAndComplexAttributes(string filter, string expected) =>
        Assert.That(Users(filter), Is.EqualTo(expected));

    [Test]
    public void Parse_ValuePathInnerPaths_AreRelativeToTheMultiValuedAttribute()
    {
        var node = (ValuePathFilter)ScimFilterParser.Parse("emails[type eq \"work\"]", ScimSchemas.User).Value;
        var inner = (ComparisonFilter)node.Filter;
        Assert.Multiple(() =>
        {
            Assert.That(node.Attribute, Is.SameAs(ScimSchemas.UserCore.Find("emails")));
            Assert.That(inner.Path.Attribute, Is.SameAs(node.Attribute));
            Assert.That(inner.Path.SubAttribute!.Name, Is.EqualTo("type"));
        });
    }

    // ---- enterprise extension ----

    [TestCase("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq \"42\"", "employeeNumber eq \"42\"")]
    [TestCase("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq \"usr_7\"", "manager.value eq \"usr_7\"")]
    [TestCase("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager eq \"usr_7\"", "manager.value eq \"usr_7\"")]
    [TestCase("manager eq \"usr_7\"", "manager.value eq \"usr_7\"")]
    [TestCase("Manager.Value eq \"usr_7\"", "manager.value eq \"usr_7\"")]
    [TestCase("department eq \"R&D\"", "department eq \"R&D\"")]
    [TestCase("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User.department eq \"R&D\"", "department eq \"R&D\"")]
    public void Parse_EnterpriseAttributes_WithOrWithoutUrn(string filter, string expected)
    {
        var result = ScimFilterParser.Parse(filter, ScimSchemas.User);
        Assert.That(FilterText.Of(result.Value), Is.EqualTo(expected));
        Assert.That(((ComparisonFilter)result.Value).Path.SchemaUrn, Is.EqualTo(ScimSchemas.EnterpriseUserUrn));
    }

    // ---- values ----

    [TestCase("userName eq \"a\\\"b\"", "a\"b")]
    [TestCase("userName eq \"a\\\\b\"", "a\\b")]
    [TestCase("userName eq \"a\\/b\"", "a/b")]
    [TestCase("userName eq \"caf\\u00e9\"", "café")]
    [TestCase("userName eq \"tab\\there\"", "tab\there")]
    [TestCase("userName eq \"paren) and [bracket]\"", "paren) and [bracket]")]
    [TestCase("userName eq \"\"", "")]
    [TestCase("userName eq \"ÅSA.ÖBERG@EXAMPLE.COM\"", "ÅSA.ÖBERG@EXAMPLE.COM")]
    public void Parse_JsonStringValues_Unescape(string filter, string expected) =>
        Assert.That(((StringFilterValue)((ComparisonFilter)ScimFilterParser.Parse(filter, ScimSchemas.User).Value).Value).Value, Is.EqualTo(expected));

    [TestCase("externalId eq jyoung", "externalId eq \"jyoung\"")]
    [TestCase("userName sw O", "userName sw \"O\"")]
    [TestCase("userName eq bob and title pr", "(userName eq \"bob\" and title pr)")]
    [TestCase("(userName eq bob)", "userName eq \"bob\"")]
    [TestCase("externalId eq 12345", "externalId eq \"12345\"")]
    [TestCase("externalId eq -1.5e3", "externalId eq \"-1.5e3\"")]
    [TestCase("externalId eq 2819c223-7f76-453a-919d-413861904646", "externalId eq \"2819c223-7f76-453a-919d-413861904646\"")]
    [TestCase("meta.created gt 2015-10-10T14:38:21.8617979-07:00", "meta.created gt @2015-10-10T21:38:21.8617979Z")]
    [TestCase("active eq TRUE", "active eq true")]
    [TestCase("active eq False", "active eq false")]
    public void Parse_BarewordsNumbersAndLiterals(string filter, string expected) =>
        Assert.That(Users(filter), Is.EqualTo(expected));

    [TestCase("members[value eq 2819c223]", "members[value eq \"2819c223\"]")]
    [TestCase("members[value eq\"usr_1\"]", "members[value eq \"usr_1\"]")]
    [TestCase("members eq \"usr_5\"", "members.value eq \"usr_5\"")]
    [TestCase("members.value eq \"usr_5\"", "members.value eq \"usr_5\"")]
    [TestCase("members.display co \"Ada\"", "members.display co \"Ada\"")]
    [TestCase("id eq \"team_1\" and members eq \"usr_2\"", "(id eq \"team_1\" and members.value eq \"usr_2\")")]
    [TestCase("displayName eq \"Platform\"", "displayName eq \"Platform\"")]
    [TestCase("externalId eq \"x\"", "externalId eq \"x\"")]
    [TestCase("meta.lastModified ge \"2026-01-01T00:00:00Z\"", "meta.lastModified ge @2026-01-01T00:00:00.0000000Z")]
    [TestCase("urn:ietf:params:scim:schemas:core:2.0:Group:displayName eq \"x\"", "displayName eq \"x\"")]
    public void Parse_GroupFilters(string filter, string expected) =>
        Assert.That(Groups(filter), Is.EqualTo(expected));

    // ---- booleans ----

    [TestCase("active eq true", "active eq true")]
    [TestCase("active eq \"true\"", "active eq true")]
    [TestCase("active eq \"False\"", "active eq false")]
    [TestCase("active ne false", "active ne false")]
    [TestCase("active pr", "active pr")]
    [TestCase("emails[primary eq \"TRUE\"]", "emails[primary eq true]")]
    public void Parse_BooleanComparisons(string filter, string expected) =>
        Assert.That(Users(filter), Is.EqualTo(expected));

    [TestCase("active eq \"yes\"", "boolean attribute")]
    [TestCase("active eq 1", "boolean attribute")]
    [TestCase("active eq yes", "boolean attribute")]
    [TestCase("active co true", "operator 'co' is not allowed on boolean attribute 'active'")]
    [TestCase("active sw true", "operator 'sw'")]
    [TestCase("active ew true", "operator 'ew'")]
    [TestCase("active gt true", "operator 'gt'")]
    [TestCase("active ge true", "operator 'ge'")]
    [TestCase("active lt true", "operator 'lt'")]
    [TestCase("active le true", "operator 'le'")]
    [TestCase("emails[primary co true]", "operator 'co'")]
    public void Parse_BadBooleanComparison_IsInvalidFilter(string filter, string detail) =>
        Assert.That(UserError(filter).Detail, Does.Contain(detail));

    // ---- dateTimes ----

    [TestCase("meta.created gt \"2026-02-01T08:00:00Z\"", "2026-02-01T08:00:00.0000000Z")]
    [TestCase("meta.created gt \"2026-02-01T08:00:00.1Z\"", "2026-02-01T08:00:00.1000000Z")]
    [TestCase("meta.created gt \"2026-02-01T08:00:00.12Z\"", "2026-02-01T08:00:00.1200000Z")]
    [TestCase("meta.created gt \"2026-02-01T08:00:00.123Z\"", "2026-02-01T08:00:00.1230000Z")]
    [TestCase("meta.created gt \"2026-02-01T08:00:00.1234Z\"", "2026-02-01T08:00:00.1234000Z")]
    [TestCase("meta.created gt \"2026-02-01T08:00:00.12345Z\"", "2026-02-01T08:00:00.1234500Z")]
    [TestCase("meta.created gt \"2026-02-01T08:00:00.123456Z\"", "2026-02-01T08:00:00.1234560Z")]
    [TestCase("meta.created gt \"2021-09-23T19:35:41.8420572Z\"", "2021-09-23T19:35:41.8420572Z")]
    [TestCase("meta.created gt \"2026-02-01T08:00:00.12345678Z\"", "2026-02-01T08:00:00.1234567Z")]
    [TestCase("meta.created gt \"2026-02-01T08:00:00.123456789Z\"", "2026-02-01T08:00:00.1234567Z")]
    [TestCase("meta.created gt \"2026-02-01T10:00:00+02:00\"", "2026-02-01T08:00:00.0000000Z")]
    [TestCase("meta.created gt \"2026-02-01T01:30:00.5-06:30\"", "2026-02-01T08:00:00.5000000Z")]
    [TestCase("meta.created gt \"2026-02-01t08:00:00z\"", "2026-02-01T08:00:00.0000000Z")]
    [TestCase("meta.lastModified le 2026-02-01T08:00:00.123Z", "2026-02-01T08:00:00.1230000Z")]
    public void Parse_DateTimeForms_AreInstants(string filter, string expectedUtc)
    {
        var value = (DateTimeFilterValue)((ComparisonFilter)ScimFilterParser.Parse(filter, ScimSchemas.User).Value).Value;
        Assert.That(value.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(expectedUtc));
    }

    [TestCase("meta.created gt \"not-a-date\"")]
    [TestCase("meta.created gt \"2026-02-01\"")]
    [TestCase("meta.created gt \"2026-02-01T08:00:00\"")]
    [TestCase("meta.created gt \"2026-02-01T08:00:00.Z\"")]
    [TestCase("meta.created gt \"2026-02-01T08:00:00.1234567890Z\"")]
    [TestCase("meta.created gt \"2026-13-01T08:00:00Z\"")]
    [TestCase("meta.created gt \"2026-02-30T08:00:00Z\"")]
    [TestCase("meta.created gt \"2026-02-01T25:00:00Z\"")]
    [TestCase("meta.created gt \"2026-02-01T08:00:00+0200\"")]
    [TestCase("meta.created gt \"2026-02-01T08:00:00+24:00\"")]
    [TestCase("meta.created gt true")]
    [TestCase("meta.created gt 12")]
    public void Parse_BadDateTime_IsInvalidFilter(string filter) =>
        Assert.That(UserError(filter).Detail, Does.Contain("dateTime"));

    [TestCase("meta.created co \"2026\"")]
    [TestCase("meta.created sw \"2026\"")]
    [TestCase("meta.lastModified ew \"Z\"")]
    public void Parse_SubstringOperatorOnDateTime_IsInvalidFilter(string filter) =>
        Assert.That(UserError(filter).Detail, Does.Contain("not allowed on dateTime"));

    // ---- null ----

    [TestCase("title eq null", "not(title pr)")]
    [TestCase("title ne null", "title pr")]
    [TestCase("title eq NULL", "not(title pr)")]
    [TestCase("manager eq null", "not(manager.value pr)")]
    public void Parse_NullComparisons_BecomePresence(string filter, string expected) =>
        Assert.That(Users(filter), Is.EqualTo(expected));

    [TestCase("title gt null")]
    [TestCase("title co null")]
    public void Parse_NullWithOrderingOperator_IsInvalidFilter(string filter) =>
        Assert.That(UserError(filter).Detail, Does.Contain("null can only be compared"));

    // ---- what real IdPs send (§7.5, §12) ----

    [TestCase("userName eq \"ada@example.com\"", "userName eq \"ada@example.com\"")]
    [TestCase("externalId eq \"00u1abcd\"", "externalId eq \"00u1abcd\"")]
    [TestCase("emails[type eq \"work\"].value eq \"ada@example.com\"", "emails[(type eq \"work\" and value eq \"ada@example.com\")]")]
    [TestCase("id eq \"usr_5\" and manager eq \"usr_7\"", "(id eq \"usr_5\" and manager.value eq \"usr_7\")")]
    [TestCase("active eq true and (meta.lastModified ge \"2026-01-01T00:00:00Z\" and meta.lastModified le \"2026-02-01T00:00:00.123Z\")",
        "(active eq true and (meta.lastModified ge @2026-01-01T00:00:00.0000000Z and meta.lastModified le @2026-02-01T00:00:00.1230000Z))")]
    [TestCase("userName eq \"2b5a1b8c-8a8c-4e5e-9e2c-2f1a3c8d9e0f\"", "userName eq \"2b5a1b8c-8a8c-4e5e-9e2c-2f1a3c8d9e0f\"")]
    [TestCase("DisplayName eq \"x\"", "displayName eq \"x\"")]
    [TestCase("displayName eq \"x y\"", "displayName eq \"x y\"")]
    public void Parse_IdpFilters_Verbatim(string filter, string expected) =>
        Assert.That(Users(filter), Is.EqualTo(expected));

    [Test]
    public void Parse_GroupDisplayNameFromEntra_Verbatim() =>
        Assert.That(Groups("displayName eq \"Engineering\""), Is.EqualTo("displayName eq \"Engineering\""));

    // ---- errors ----

    [TestCase("nickname eq \"x\" and shoeSize eq 42", "unknown attribute 'shoeSize'")]
    [TestCase("urn:ietf:params:scim:schemas:core:2.0:Group:displayName eq \"x\"", "unknown attribute")]
    [TestCase("urn:example:custom:foo eq \"x\"", "unknown attribute")]
    [TestCase("name.nope eq \"x\"", "unknown attribute 'name.nope'")]
    [TestCase("emails[nope eq \"x\"]", "unknown sub-attribute 'nope' of 'emails'")]
    [TestCase("password eq \"secret\"", "'password' cannot be used in a filter")]
    [TestCase("meta.location eq \"x\"", "cannot be used in a filter")]
    [TestCase("groups.$ref eq \"x\"", "'groups.$ref' cannot be used in a filter")]
    [TestCase("manager.displayName eq \"Bob\"", "'manager.displayName' cannot be used in a filter")]
    [TestCase("name eq \"Ada\"", "'name' is a complex attribute")]
    [TestCase("userName eq true", "expected a string value")]
    [TestCase("userName", "expected an operator")]
    [TestCase("userName foo \"x\"", "found 'foo'")]
    [TestCase("userName eq", "expected a comparison value after 'eq'")]
    [TestCase("userName eq \"x", "unterminated string")]
    [TestCase("userName eq \"a\\qb\"", "invalid escape")]
    [TestCase("userName eq \"a\\u12\"", "\\u escape")]
    [TestCase("userName eq \"x\" and", "expected an attribute name")]
    [TestCase("userName eq \"x\" userName eq \"y\"", "expected 'and', 'or' or the end")]
    [TestCase("(userName eq \"x\"", "expected 'and', 'or' or ')'")]
    [TestCase("userName eq \"x\")", "')' without a matching '('")]
    [TestCase("not userName eq \"x\"", "expected '(' after 'not'")]
    [TestCase("emails[type eq \"work\"", "expected 'and', 'or' or ']'")]
    [TestCase("emails[type eq \"work\"].", "expected a sub-attribute name")]
    [TestCase("emails[type eq \"work\"].value", "expected an operator")]
    [TestCase("emails[type[value eq \"x\"]]", "cannot be nested")]
    [TestCase("userName[value eq \"x\"]", "not a complex attribute")]
    [TestCase("()", "expected an attribute name")]
    [TestCase("userName eq \"x\" or or title pr", "unknown attribute 'or'")]
    public void Parse_BadFilter_IsInvalidFilterNamingTheProblem(string filter, string detail) =>
        Assert.That(UserError(filter).Detail, Does.Contain(detail));

    [Test]
    public void Parse_MissingValue_ReportsPosition() =>
        Assert.That(UserError("userName eq ").Detail, Is.EqualTo("Filter parse error at position 13: expected a comparison value after 'eq'"));

    [Test]
    public void Parse_UnknownAttribute_ReportsItsPosition() =>
        Assert.That(UserError("userName pr and nope pr").Detail, Is.EqualTo("Filter parse error at position 17: unknown attribute 'nope' for User resources"));

    [TestCase("userName eq \"x\"", "unknown attribute 'userName' for Group resources")]
    [TestCase("meta.resourceType eq \"Group\"", "'meta.resourceType' cannot be used in a filter")]
    [TestCase("members.type eq \"User\"", "'members.type' cannot be used in a filter")]
    [TestCase("manager eq \"usr_1\"", "unknown attribute 'manager'")]
    public void Parse_UserOnlyOrUnfilterableAttributesOnGroups_AreInvalidFilter(string filter, string detail) =>
        Assert.That(ErrorOf(filter, ScimSchemas.Group).Detail, Does.Contain(detail));

    [TestCase("")]
    [TestCase("   ")]
    public void Parse_Empty_IsInvalidFilter(string filter) => UserError(filter);

    [Test]
    public void Parse_UnknownAttributeDetail_IsTruncatedTo100Characters()
    {
        var name = new string('a', 300);
        Assert.That(UserError($"{name} eq \"x\"").Detail, Does.Contain(new string('a', 100) + "…").And.Not.Contain(new string('a', 101)));
    }

    // ---- limits (§7.6) ----

    [Test]
    public void Parse_FilterOf4096Characters_IsAccepted()
    {
        var filter = "userName eq \"" + new string('x', 4096 - 14) + "\"";
        Assert.That(filter, Has.Length.EqualTo(4096));
        Assert.That(ScimFilterParser.Parse(filter, ScimSchemas.User).IsSuccess, Is.True);
    }

    [Test]
    public void Parse_FilterOf4097Characters_IsInvalidFilter()
    {
        var filter = "userName eq \"" + new string('x', 4097 - 14) + "\"";
        Assert.That(UserError(filter).Detail, Does.Contain("4097 characters").And.Contain("4096"));
    }

    [Test]
    public void Parse_NestingOf32_IsAccepted() =>
        Assert.That(ScimFilterParser.Parse(new string('(', 32) + "title pr" + new string(')', 32), ScimSchemas.User).IsSuccess, Is.True);

    [Test]
    public void Parse_NestingOf33_IsInvalidFilter() =>
        Assert.That(UserError(new string('(', 33) + "title pr" + new string(')', 33)).Detail, Does.Contain("deeper than 32"));

    [Test]
    public void Parse_NotAndValuePathsCountTowardsDepth() =>
        Assert.That(UserError(string.Concat(Enumerable.Repeat("not (", 32)) + "emails[type pr]" + new string(')', 32)).Detail, Does.Contain("deeper than 32"));

    [Test]
    public void Parse_DeepNestingWithinLengthLimit_DoesNotOverflowTheStack() =>
        Assert.That(UserError(new string('(', 2000) + "title pr" + new string(')', 2000)).Detail, Does.Contain("deeper than 32"));

    [Test]
    public void Parse_100Comparisons_AreAccepted() =>
        Assert.That(ScimFilterParser.Parse(string.Join(" or ", Enumerable.Range(0, 100).Select(i => $"externalId eq \"{i}\"")), ScimSchemas.User).IsSuccess, Is.True);

    [Test]
    public void Parse_101Comparisons_AreInvalidFilter() =>
        Assert.That(UserError(string.Join(" or ", Enumerable.Range(0, 101).Select(i => $"externalId eq \"{i}\""))).Detail, Does.Contain("more than 100 comparisons"));

    [Test]
    public void Parse_ComparisonsInsideValuePaths_Count() =>
        Assert.That(UserError(string.Join(" or ", Enumerable.Range(0, 51).Select(i => $"emails[type eq \"{i}\"].value eq \"x\""))).Detail, Does.Contain("more than 100 comparisons"));
}
