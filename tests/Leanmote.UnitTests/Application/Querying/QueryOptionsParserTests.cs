using Leanmote.Application.Access;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Organizations;
using Leanmote.Domain.Common;
using NUnit.Framework;

namespace Leanmote.UnitTests.Application.Querying;

public sealed record ProbeAuthor(string Name, string Email);

public sealed record ProbeView(TeamId Id, TeamId TeamId, string Name, string State, bool IsOpen, decimal Score, ProbeAuthor Author, DateTimeOffset CreatedAt);

[TestFixture]
public sealed class QueryOptionsParserTests
{
    private static readonly QuerySpec Probe = QuerySpec.For<ProbeView>()
        .Sortable("created_at", "name")
        .IdFilter<TeamId>("team_id")
        .EnumFilter("state", "open", "merged")
        .BooleanFilter("is_open")
        .NumberFilter("score")
        .TimestampFilter("created_at");

    private static Result<QueryOptions> Parse(QuerySpec spec, params (string Key, string Value)[] pairs) =>
        QueryOptionsParser.Parse(spec, QueryParameters.Of(pairs));

    private static QueryOptions Ok(QuerySpec spec, params (string Key, string Value)[] pairs)
    {
        var result = Parse(spec, pairs);
        Assert.That(result.IsSuccess, Is.True, () => result.Error!.Message);
        return result.Value;
    }

    private static Error Fails(QuerySpec spec, params (string Key, string Value)[] pairs)
    {
        var result = Parse(spec, pairs);
        Assert.That(result.IsSuccess, Is.False, "expected a validation error");
        Assert.That(result.Error!.Code, Is.EqualTo(ErrorCode.Validation));
        return result.Error;
    }

    private static DateTimeOffset Utc(int y, int m, int d, int h = 0, int min = 0, int s = 0) => new(y, m, d, h, min, s, TimeSpan.Zero);

    [Test]
    public void Parse_NoParameters_ReturnsDefaults()
    {
        var options = Ok(Probe);
        Assert.That((options.Page, options.PerPage, options.Sort, options.Order, options.Filters.Count, options.Fields),
            Is.EqualTo((1, 50, "created_at", SortOrder.Desc, 0, (IReadOnlyList<string>?)null)));
    }

    [Test]
    public void Parse_DefaultSortOfSpec_IsUsedWhenNoSortGiven()
    {
        var spec = QuerySpec.For<ProbeView>().Sortable("name").DefaultSortBy("name");
        Assert.That(Ok(spec).Sort, Is.EqualTo("name"));
    }

    [TestCase("1", 1)]
    [TestCase("2", 2)]
    [TestCase("10000000", 10_000_000)]
    public void Parse_ValidPage_IsKept(string value, int expected) =>
        Assert.That(Ok(Probe, ("page", value)).Page, Is.EqualTo(expected));

    [TestCase("0")]
    [TestCase("-1")]
    [TestCase("abc")]
    [TestCase("1e9")]
    [TestCase("10000001")]
    [TestCase("")]
    [TestCase(" 1")]
    [TestCase("+1")]
    [TestCase("1.0")]
    [TestCase("99999999999")]
    [TestCase("٣")]
    public void Parse_HostilePage_IsRejected(string value)
    {
        var error = Fails(Probe, ("page", value));
        Assert.That(error.Details, Is.EqualTo(new[] { new ErrorDetail("page", "must be between 1 and 10000000") }));
    }

    [TestCase("1", 1)]
    [TestCase("50", 50)]
    [TestCase("100", 100)]
    public void Parse_ValidPerPage_IsKept(string value, int expected) =>
        Assert.That(Ok(Probe, ("per_page", value)).PerPage, Is.EqualTo(expected));

    [TestCase("0")]
    [TestCase("-1")]
    [TestCase("abc")]
    [TestCase("1e9")]
    [TestCase("101")]
    [TestCase("10000001")]
    [TestCase("")]
    public void Parse_HostilePerPage_IsRejectedWithContractMessage(string value)
    {
        var error = Fails(Probe, ("per_page", value));
        Assert.That(error.Message, Is.EqualTo("per_page must be between 1 and 100"));
        Assert.That(error.Details, Is.EqualTo(new[] { new ErrorDetail("per_page", "must be between 1 and 100") }));
    }

    [Test]
    public void Parse_PageTwice_IsRejectedAsRepeated()
    {
        var parameters = new QueryParameters([new("page", ["1", "2"])]);
        var result = QueryOptionsParser.Parse(Probe, parameters);
        Assert.That(result.Error?.Details, Is.EqualTo(new[] { new ErrorDetail("page", "must not be repeated") }));
    }

    [Test]
    public void Parse_SameFilterOperatorTwice_IsRejectedAsRepeated()
    {
        var error = Fails(Probe, ("created_at[gte]", "2024-01-01"), ("created_at[gte]", "2024-02-01"));
        Assert.That(error.Details, Is.EqualTo(new[] { new ErrorDetail("created_at[gte]", "must not be repeated") }));
    }

    [Test]
    public void Parse_BareFilterAndEqOperator_IsRejectedAsRepeated()
    {
        var error = Fails(Probe, ("state", "open"), ("state[eq]", "merged"));
        Assert.That(error.Details, Is.EqualTo(new[] { new ErrorDetail("state[eq]", "must not be repeated") }));
    }

    [TestCase("foo")]
    [TestCase("Page")]
    [TestCase("slug")]
    [TestCase("state[")]
    [TestCase("state]")]
    [TestCase("[eq]")]
    [TestCase("state[eq][gte]")]
    [TestCase("state[]")]
    public void Parse_UnknownKey_IsRejectedNamingTheKey(string key)
    {
        var error = Fails(Probe, (key, "1"));
        Assert.That(error.Details!.Select(d => d.Field), Is.EqualTo(new[] { key }));
        Assert.That(error.Details![0].Message, Does.StartWith("is not a recognised parameter; allowed: page, per_page, sort, order, fields"));
    }

    [Test]
    public void Parse_SeveralProblems_ReportsEach()
    {
        var error = Fails(Probe, ("page", "0"), ("foo", "1"), ("sort", "slug"));
        Assert.That(error.Details!.Select(d => d.Field), Is.EquivalentTo(new[] { "page", "foo", "sort" }));
    }

    [TestCase("created_at")]
    [TestCase("name")]
    public void Parse_WhitelistedSort_IsKept(string sort) =>
        Assert.That(Ok(Probe, ("sort", sort)).Sort, Is.EqualTo(sort));

    [TestCase("slug")]
    [TestCase("Name")]
    [TestCase("state")]
    [TestCase("name desc")]
    [TestCase("")]
    public void Parse_SortOutsideWhitelist_IsRejectedNamingAllowedValues(string sort)
    {
        var error = Fails(Probe, ("sort", sort));
        Assert.That(error.Details, Is.EqualTo(new[] { new ErrorDetail("sort", "must be one of: created_at, name") }));
    }

    [TestCase("asc", SortOrder.Asc)]
    [TestCase("ASC", SortOrder.Asc)]
    [TestCase("Asc", SortOrder.Asc)]
    [TestCase("desc", SortOrder.Desc)]
    [TestCase("DESC", SortOrder.Desc)]
    public void Parse_Order_IsCaseInsensitive(string value, SortOrder expected) =>
        Assert.That(Ok(Probe, ("order", value)).Order, Is.EqualTo(expected));

    [TestCase("up")]
    [TestCase("ascending")]
    [TestCase("")]
    public void Parse_UnknownOrder_IsRejected(string value) =>
        Assert.That(Fails(Probe, ("order", value)).Details, Is.EqualTo(new[] { new ErrorDetail("order", "must be one of: asc, desc") }));

    [Test]
    public void Parse_FieldsWithDotPaths_AreKeptWithoutDuplicates() =>
        Assert.That(Ok(Probe, ("fields", "id, author.name,name,id")).Fields, Is.EqualTo(new[] { "id", "author.name", "name" }));

    [Test]
    public void Parse_FieldsNamingNestedObject_IsAccepted() =>
        Assert.That(Ok(Probe, ("fields", "author")).Fields, Is.EqualTo(new[] { "author" }));

    [TestCase("nope", "'nope'")]
    [TestCase("id,author.nope", "'author.nope'")]
    [TestCase("name.first", "'name.first'")]
    [TestCase("", "''")]
    [TestCase("Id", "'Id'")]
    public void Parse_UnknownField_IsRejectedNamingIt(string fields, string shown)
    {
        var error = Fails(Probe, ("fields", fields));
        Assert.That(error.Details!.Single().Field, Is.EqualTo("fields"));
        Assert.That(error.Details!.Single().Message, Does.StartWith($"names unknown field {shown}; allowed: "));
    }

    [Test]
    public void Parse_IdFilter_ParsesTheNumber()
    {
        var options = Ok(Probe, ("team_id", "team_7"));
        Assert.That(options.Filters, Is.EqualTo(new[] { new FilterCondition("team_id", FilterOperator.Eq, 7L) }));
    }

    [TestCase("usr_7")]
    [TestCase("team_07")]
    [TestCase("team_-1")]
    [TestCase("team_0")]
    [TestCase("team_")]
    [TestCase("7")]
    [TestCase("TEAM_7")]
    [TestCase("team_7 ")]
    [TestCase("team_99999999999999999999")]
    public void Parse_MalformedIdFilter_IsRejected(string value) =>
        Assert.That(Fails(Probe, ("team_id", value)).Details, Is.EqualTo(new[] { new ErrorDetail("team_id", "must be an id like team_123") }));

    [TestCase("open")]
    [TestCase("merged")]
    public void Parse_EnumFilter_AcceptsListedValues(string value) =>
        Assert.That(Ok(Probe, ("state", value)).Filters, Is.EqualTo(new[] { new FilterCondition("state", FilterOperator.Eq, value) }));

    [TestCase("Open")]
    [TestCase("closed")]
    [TestCase("")]
    public void Parse_EnumFilter_RejectsOtherValues(string value) =>
        Assert.That(Fails(Probe, ("state", value)).Details, Is.EqualTo(new[] { new ErrorDetail("state", "must be one of: open, merged") }));

    [TestCase("true", true)]
    [TestCase("false", false)]
    public void Parse_BooleanFilter_AcceptsTrueAndFalse(string value, bool expected) =>
        Assert.That(Ok(Probe, ("is_open", value)).Filters, Is.EqualTo(new[] { new FilterCondition("is_open", FilterOperator.Eq, expected) }));

    [TestCase("True")]
    [TestCase("1")]
    [TestCase("yes")]
    [TestCase("")]
    public void Parse_BooleanFilter_RejectsOtherSpellings(string value) =>
        Assert.That(Fails(Probe, ("is_open", value)).Details, Is.EqualTo(new[] { new ErrorDetail("is_open", "must be true or false") }));

    [Test]
    public void Parse_NumberFilterWithOperator_IsDecimal() =>
        Assert.That(Ok(Probe, ("score[gt]", "1.5")).Filters, Is.EqualTo(new[] { new FilterCondition("score", FilterOperator.Gt, 1.5m) }));

    [TestCase("1e3")]
    [TestCase("abc")]
    [TestCase("1,5")]
    public void Parse_NumberFilter_RejectsNonNumbers(string value) =>
        Assert.That(Fails(Probe, ("score", value)).Details!.Single().Message, Is.EqualTo("must be a number"));

    [Test]
    public void Parse_NumberLowerBoundAboveUpperBound_IsRejected() =>
        Assert.That(Fails(Probe, ("score[gte]", "5"), ("score[lte]", "4")).Details,
            Is.EqualTo(new[] { new ErrorDetail("score", "has a lower bound after its upper bound") }));

    [Test]
    public void Parse_DateOnlyGte_StartsAtDayStart() =>
        Assert.That(Ok(Probe, ("created_at[gte]", "2024-03-10")).Filters,
            Is.EqualTo(new[] { new FilterCondition("created_at", FilterOperator.Gte, Utc(2024, 3, 10)) }));

    [Test]
    public void Parse_DateOnlyLte_BecomesLtNextDay() =>
        Assert.That(Ok(Probe, ("created_at[lte]", "2024-12-31")).Filters,
            Is.EqualTo(new[] { new FilterCondition("created_at", FilterOperator.Lt, Utc(2025, 1, 1)) }));

    [Test]
    public void Parse_DateOnlyGt_BecomesGteNextDay() =>
        Assert.That(Ok(Probe, ("created_at[gt]", "2024-02-28")).Filters,
            Is.EqualTo(new[] { new FilterCondition("created_at", FilterOperator.Gte, Utc(2024, 2, 29)) }));

    [Test]
    public void Parse_DateOnlyLt_BecomesLtDayStart() =>
        Assert.That(Ok(Probe, ("created_at[lt]", "2024-03-10")).Filters,
            Is.EqualTo(new[] { new FilterCondition("created_at", FilterOperator.Lt, Utc(2024, 3, 10)) }));

    [TestCase("created_at")]
    [TestCase("created_at[eq]")]
    public void Parse_DateOnlyEq_CoversTheDay(string key) =>
        Assert.That(Ok(Probe, (key, "2024-03-10")).Filters, Is.EqualTo(new[]
        {
            new FilterCondition("created_at", FilterOperator.Gte, Utc(2024, 3, 10)),
            new FilterCondition("created_at", FilterOperator.Lt, Utc(2024, 3, 11)),
        }));

    [Test]
    public void Parse_DateOnlyYearRange_IsAllOfTheYear() =>
        Assert.That(Ok(Probe, ("created_at[gte]", "2024-01-01"), ("created_at[lte]", "2024-12-31")).Filters, Is.EqualTo(new[]
        {
            new FilterCondition("created_at", FilterOperator.Gte, Utc(2024, 1, 1)),
            new FilterCondition("created_at", FilterOperator.Lt, Utc(2025, 1, 1)),
        }));

    [Test]
    public void Parse_DateOnlySameDayGteAndLte_IsAccepted() =>
        Assert.That(Ok(Probe, ("created_at[gte]", "2024-05-05"), ("created_at[lte]", "2024-05-05")).Filters, Has.Count.EqualTo(2));

    [TestCase("gte", FilterOperator.Gte)]
    [TestCase("gt", FilterOperator.Gt)]
    [TestCase("lte", FilterOperator.Lte)]
    [TestCase("lt", FilterOperator.Lt)]
    [TestCase("eq", FilterOperator.Eq)]
    public void Parse_FullTimestamp_ComparesExactlyInUtc(string op, FilterOperator expected)
    {
        var filter = Ok(Probe, ($"created_at[{op}]", "2024-03-10T10:15:30+02:00")).Filters.Single();
        Assert.That((filter.Operator, filter.Value), Is.EqualTo((expected, (object)Utc(2024, 3, 10, 8, 15, 30))));
        Assert.That(((DateTimeOffset)filter.Value).Offset, Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void Parse_FullTimestampWithoutZone_IsTakenAsUtc()
    {
        var filter = Ok(Probe, ("created_at[gte]", "2024-03-10T10:15:30")).Filters.Single();
        Assert.That(filter.Value, Is.EqualTo(Utc(2024, 3, 10, 10, 15, 30)));
    }

    [Test]
    public void Parse_FullTimestampWithFraction_KeepsIt()
    {
        var filter = Ok(Probe, ("created_at[lt]", "2024-03-10T10:15:30.123456Z")).Filters.Single();
        Assert.That(filter.Value, Is.EqualTo(Utc(2024, 3, 10, 10, 15, 30).AddTicks(1_234_560)));
    }

    [TestCase("2024-13-01")]
    [TestCase("2024-02-30")]
    [TestCase("2024-1-1")]
    [TestCase("2024/01/01")]
    [TestCase("01-01-2024")]
    [TestCase("yesterday")]
    [TestCase("2024-01-01 10:00")]
    [TestCase("2024-01-01T25:00:00Z")]
    [TestCase("1704067200")]
    [TestCase("")]
    public void Parse_MalformedTimestamp_IsRejected(string value) =>
        Assert.That(Fails(Probe, ("created_at[gte]", value)).Details,
            Is.EqualTo(new[] { new ErrorDetail("created_at[gte]", "must be a date (YYYY-MM-DD) or an ISO-8601 timestamp") }));

    [TestCase("2024-02-01", "2024-01-31")]
    [TestCase("2024-02-01T00:00:01Z", "2024-02-01T00:00:00Z")]
    [TestCase("2024-12-31", "2024-01-01")]
    public void Parse_GteAfterLte_IsRejected(string gte, string lte) =>
        Assert.That(Fails(Probe, ("created_at[gte]", gte), ("created_at[lte]", lte)).Details,
            Is.EqualTo(new[] { new ErrorDetail("created_at", "has a lower bound after its upper bound") }));

    [Test]
    public void Parse_FullTimestampGteEqualToLte_IsAccepted() =>
        Assert.That(Ok(Probe, ("created_at[gte]", "2024-02-01T00:00:00Z"), ("created_at[lte]", "2024-02-01T00:00:00Z")).Filters, Has.Count.EqualTo(2));

    [Test]
    public void Parse_DateOnlyGtAndLtOfAdjacentDays_IsRejectedAsEmpty() =>
        Assert.That(Fails(Probe, ("created_at[gt]", "2024-01-01"), ("created_at[lt]", "2024-01-02")).Details!.Single().Field, Is.EqualTo("created_at"));

    [Test]
    public void Parse_EqOutsideExplicitRange_IsRejected() =>
        Assert.That(Fails(Probe, ("created_at", "2024-06-01"), ("created_at[lt]", "2024-05-01")).Details!.Single().Field, Is.EqualTo("created_at"));

    [TestCase("is_open[gte]", "true")]
    [TestCase("state[lt]", "open")]
    [TestCase("team_id[gt]", "team_7")]
    public void Parse_ComparisonOnNonComparableField_IsRejected(string key, string value)
    {
        var error = Fails(Probe, (key, value));
        Assert.That(error.Details!.Single().Field, Is.EqualTo(key));
        Assert.That(error.Details!.Single().Message, Does.StartWith("does not support comparison operators"));
    }

    [Test]
    public void Parse_EqOperatorOnNonComparableField_IsAccepted() =>
        Assert.That(Ok(Probe, ("is_open[eq]", "true")).Filters, Is.EqualTo(new[] { new FilterCondition("is_open", FilterOperator.Eq, true) }));

    [TestCase("created_at[foo]")]
    [TestCase("created_at[GTE]")]
    [TestCase("created_at[ne]")]
    public void Parse_UnknownOperator_IsRejected(string key) =>
        Assert.That(Fails(Probe, (key, "2024-01-01")).Details,
            Is.EqualTo(new[] { new ErrorDetail(key, "uses an unknown operator; allowed: eq, gte, gt, lte, lt") }));

    [Test]
    public void Parse_SingleResourceSpec_AcceptsFields() =>
        Assert.That(Ok(GetOrganization.Query.Spec, ("fields", "id,name")).Fields, Is.EqualTo(new[] { "id", "name" }));

    [TestCase("page", "1")]
    [TestCase("per_page", "10")]
    [TestCase("sort", "name")]
    [TestCase("order", "asc")]
    [TestCase("name", "x")]
    public void Parse_SingleResourceSpec_RejectsListParameters(string key, string value) =>
        Assert.That(Fails(GetOrganization.Query.Spec, (key, value)).Details,
            Is.EqualTo(new[] { new ErrorDetail(key, "is not a recognised parameter; allowed: fields") }));

    [TestCase("fields", "id")]
    [TestCase("page", "1")]
    [TestCase("x", "y")]
    public void Parse_NoneSpec_RejectsEverything(string key, string value) =>
        Assert.That(Fails(QuerySpec.None, (key, value)).Details!.Single().Field, Is.EqualTo(key));

    [Test]
    public void Parse_NoneSpecWithoutParameters_Succeeds() =>
        Assert.That(Parse(QuerySpec.None).IsSuccess, Is.True);

    [Test]
    public void Parse_MembersSpec_AcceptsRoleAndActiveFilters() =>
        Assert.That(Ok(ListOrganizationMembers.Query.Spec, ("role", "manager"), ("is_active", "false")).Filters, Is.EqualTo(new[]
        {
            new FilterCondition("role", FilterOperator.Eq, "manager"),
            new FilterCondition("is_active", FilterOperator.Eq, false),
        }));

    [Test]
    public void Parse_CredentialsSpec_AcceptsTimestampFilters() =>
        Assert.That(Ok(ListApiCredentials.Query.Spec, ("expires_at[lt]", "2030-01-01"), ("sort", "last_used_at")).Sort, Is.EqualTo("last_used_at"));

    [Test]
    public void Offset_IsPageMinusOneTimesPerPage() =>
        Assert.That(Ok(Probe, ("page", "10000000"), ("per_page", "100")).Offset, Is.EqualTo(999_999_900L));
}
